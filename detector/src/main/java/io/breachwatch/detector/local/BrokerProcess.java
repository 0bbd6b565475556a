package io.breachwatch.detector.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of a local cluster, broker and controller in one, running as a child JVM: its files under its own
 * directory, its process, and the standard-input pipe whose closing halts it (see {@link BrokerMain}).
 *
 * <p>Files in the node directory: {@code server.properties}, {@code log4j2.properties}, {@code broker.log} (what
 * the broker logs), {@code console.log} (its standard output and error: JVM start-up errors land there),
 * {@code format.log} and {@code data/} (the log directory). The node can be stopped and started again on the same
 * storage, which is what fault-injection tests of a multi-node cluster need.
 */
final class BrokerProcess {

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final BrokerCommand command;
    private final BrokerConfig.NodeAddress address;
    private final Path nodeDir;
    private final List<SecureListener> secureListeners;
    private final boolean aclAuthorizer;
    private volatile Process process;

    BrokerProcess(BrokerCommand command, BrokerConfig.NodeAddress address, Path nodeDir) {
        this(command, address, nodeDir, List.of(), false);
    }

    BrokerProcess(BrokerCommand command, BrokerConfig.NodeAddress address, Path nodeDir,
                  List<SecureListener> secureListeners, boolean aclAuthorizer) {
        this.command = command;
        this.address = address;
        this.nodeDir = nodeDir;
        this.secureListeners = List.copyOf(secureListeners);
        this.aclAuthorizer = aclAuthorizer;
    }

    BrokerConfig.NodeAddress address() {
        return address;
    }

    Path brokerLog() {
        return nodeDir.resolve("broker.log");
    }

    private Path serverProperties() {
        return nodeDir.resolve("server.properties");
    }

    private Path log4jConfig() {
        return nodeDir.resolve("log4j2.properties");
    }

    private Path consoleLog() {
        return nodeDir.resolve("console.log");
    }

    private Path formatLog() {
        return nodeDir.resolve("format.log");
    }

    /**
     * Writes the node's configuration and starts formatting its storage. Returns the formatting process without
     * waiting for it, so that the nodes of a cluster format in parallel; pass it to {@link #awaitFormatted}.
     */
    Process startFormatting(List<BrokerConfig.NodeAddress> cluster, String clusterId) {
        try {
            Files.createDirectories(nodeDir);
            Files.writeString(serverProperties(),
                    BrokerConfig.serverProperties(address, cluster, nodeDir.resolve("data"), secureListeners,
                            aclAuthorizer));
            Files.writeString(log4jConfig(), BrokerConfig.log4j2Properties(brokerLog()));
            Process format = new ProcessBuilder(command.format(serverProperties(), log4jConfig(), clusterId))
                    .directory(nodeDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(formatLog().toFile())
                    .start();
            format.getOutputStream().close();
            return format;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare local Kafka node " + address.nodeId() + " in " + nodeDir, e);
        }
    }

    void awaitFormatted(Process format, Instant deadline) {
        try {
            if (!format.waitFor(millisUntil(deadline), TimeUnit.MILLISECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("Formatting the storage of local Kafka node " + address.nodeId()
                        + " did not finish in time.\n" + LogExcerpt.of(formatLog()));
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting local Kafka storage", e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("Formatting the storage of local Kafka node " + address.nodeId()
                    + " failed with exit status " + format.exitValue() + ".\n" + LogExcerpt.of(formatLog()));
        }
    }

    /**
     * Starts the broker JVM. Standard input stays a pipe held by this JVM (the ProcessBuilder default) and is never
     * written: the child halts when it reaches end-of-file, that is when this JVM closes it or dies.
     */
    void start() {
        try {
            process = new ProcessBuilder(command.broker(serverProperties(), log4jConfig()))
                    .directory(nodeDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start local Kafka node " + address.nodeId(), e);
        }
    }

    boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    ProcessHandle handle() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException("Local Kafka node " + address.nodeId() + " was never started");
        }
        return current.toHandle();
    }

    /** True once the broker listener takes TCP connections; cheaper and quieter than an Admin client retrying. */
    boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(BrokerConfig.LOOPBACK, address.brokerPort()), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What a parent's death does: the watchdog in the child reads end-of-file and halts the broker. */
    void closeWatchdogPipe() {
        Process current = process;
        if (current == null) {
            return;
        }
        try {
            current.getOutputStream().close();
        } catch (IOException ignored) {
            // Already closed, or the child already gone: either way the pipe is shut.
        }
    }

    /** Asks for a graceful shutdown (SIGTERM on Unix, which runs Kafka's shutdown hook). */
    void requestStop() {
        Process current = process;
        if (current != null) {
            current.destroy();
        }
    }

    /**
     * Waits for the exit requested by {@link #requestStop} until {@code deadline}, then kills the process; returns
     * false if it had to be killed.
     */
    boolean awaitStopped(Instant deadline) throws InterruptedException {
        Process current = process;
        if (current == null) {
            return true;
        }
        boolean graceful = current.waitFor(millisUntil(deadline), TimeUnit.MILLISECONDS);
        if (!graceful) {
            current.destroyForcibly();
            if (!current.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Local Kafka node " + address.nodeId() + " (pid " + current.pid()
                        + ") did not die within " + KILL_WAIT.toSeconds() + " s of SIGKILL");
            }
        }
        closeWatchdogPipe();
        return graceful;
    }

    /** Kills the process without waiting, and closes its pipe so that its watchdog halts it as well. */
    void kill() {
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
            closeWatchdogPipe();
        }
    }

    /** Waits until the process has exited after {@link #kill}. */
    void awaitGone() {
        Process current = process;
        if (current == null) {
            return;
        }
        try {
            if (!current.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Local Kafka node " + address.nodeId() + " (pid " + current.pid()
                        + ") did not die within " + KILL_WAIT.toSeconds() + " s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for local Kafka node " + address.nodeId()
                    + " to die", e);
        }
    }

    /** The broker could not bind a port picked for it, because another process took it in between. */
    boolean lostPortRace() {
        return LogExcerpt.contains(brokerLog(), "Address already in use")
                || LogExcerpt.contains(consoleLog(), "Address already in use");
    }

    /** Process state and the last lines of the broker's logs, for error messages. */
    String diagnostics() {
        Process current = process;
        String state = current == null ? "not started"
                : current.isAlive() ? "running as pid " + current.pid()
                : "exited with status " + current.exitValue();
        return "Local Kafka node " + address.nodeId() + " " + state + ".\n" + LogExcerpt.of(brokerLog()) + "\n"
                + LogExcerpt.of(consoleLog());
    }

    private static long millisUntil(Instant deadline) {
        return Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    }
}
