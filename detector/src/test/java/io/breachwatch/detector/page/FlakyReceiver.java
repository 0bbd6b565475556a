package io.breachwatch.detector.page;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A page receiver on 127.0.0.1 (JDK HTTP server, free port) that misbehaves on a script: errors, rate limiting with
 * Retry-After, answers slower than the client waits, dropped connections, refusals, redirects; then recovers. It
 * records every request and which ones it processed: a slow answer counts as processed even though the client
 * gave up on it, which is how real receivers end up with duplicates.
 */
public final class FlakyReceiver implements AutoCloseable {

    /** What the receiver does with one request. */
    public enum Fault {
        /** 202 Accepted. */
        OK,
        /** 500. */
        SERVER_ERROR,
        /** 429 with Retry-After: 1. */
        TOO_MANY_REQUESTS,
        /** Processed, but answered only after the slow delay (beyond the client's timeout). */
        SLOW,
        /** Connection closed without an answer (not processed). */
        DROP,
        /** 400 with a JSON error body (not processed). */
        REJECT,
        /** 301 to another host (not processed). */
        REDIRECT
    }

    /**
     * One request.
     *
     * @param headers   first value of each header, names in lower case
     * @param processed whether the receiver took the page (OK or SLOW)
     */
    public record Received(int number, String body, Map<String, String> headers, Fault fault, boolean processed) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final IntFunction<Fault> script;
    private final Duration slowFor;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private FlakyReceiver(IntFunction<Fault> script, Duration slowFor) throws IOException {
        this.script = script;
        this.slowFor = slowFor;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "flaky-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @param script  the fault for request number n (1, 2, ...)
     * @param slowFor how long a SLOW answer takes
     */
    public static FlakyReceiver start(IntFunction<Fault> script, Duration slowFor) throws IOException {
        return new FlakyReceiver(script, slowFor);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests the receiver took (answered 202, or processed and answered too late). */
    public List<Received> processed() {
        return received.stream().filter(Received::processed).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int number = requests.incrementAndGet();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                values.get(0)));
        Fault fault = script.apply(number);
        received.add(new Received(number, body, headers, fault, fault == Fault.OK || fault == Fault.SLOW));
        switch (fault) {
            case OK -> respond(exchange, 202, "{\"status\":\"success\"}");
            case SERVER_ERROR -> respond(exchange, 500, "internal error");
            case TOO_MANY_REQUESTS -> {
                exchange.getResponseHeaders().set("Retry-After", "1");
                respond(exchange, 429, "slow down");
            }
            case SLOW -> {
                try {
                    closing.await(slowFor.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    respond(exchange, 202, "{\"status\":\"success\"}");
                } catch (IOException e) {
                    // the client gave up long ago
                }
            }
            case DROP -> exchange.close();
            case REJECT -> respond(exchange, 400, "{\"status\":\"invalid event\",\"errors\":[\"routing_key\"]}");
            case REDIRECT -> {
                exchange.getResponseHeaders().set("Location", "http://198.51.100.1/elsewhere");
                respond(exchange, 301, "");
            }
            default -> throw new IllegalStateException();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
