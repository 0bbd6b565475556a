package io.breachwatch.detector.replay;

import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.parse.LogParser;
import io.breachwatch.schema.parse.LogReader;
import io.breachwatch.schema.parse.ParseResult;
import io.breachwatch.schema.parse.ParseStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads and parses a replay's inputs on a thread of its own and hands the events over in batches, in input order,
 * while the caller's thread puts them in order and runs the rules: reading and parsing keep one core busy, detection
 * (which must see the events one at a time, in order) the other. Everything else is as if the caller had parsed:
 * one parser per input used by one thread, each input's {@link ParseStats} handed over after its last events,
 * errors rethrown to the caller. Bounded: at most {@link #QUEUED} batches of {@link #BATCH} events wait.
 */
final class ParsingThread implements AutoCloseable {
    static final int BATCH = 1024;
    static final int QUEUED = 64;

    /** One input: how to open it (counting its bytes), its name, and its parser. */
    record Input(Opener opener, String name, LogParser parser) {
    }

    /** Opens an input; the stream counts the bytes it reads. */
    interface Opener {
        InputStream open() throws IOException;
    }

    /** What the caller takes: events, the end of one input, the end of all, or what went wrong. */
    sealed interface Item {
    }

    /** Events in input order, with the bytes read and the events parsed so far (for progress). */
    record Events(List<CanonicalEvent> events, long bytesRead, long eventsSoFar) implements Item {
    }

    /** An input is read through; its statistics follow its last events. */
    record InputDone(ParseStats stats, long bytesRead, long eventsSoFar) implements Item {
    }

    record Failed(Throwable error) implements Item {
    }

    record End() implements Item {
    }

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUED);
    private final List<Input> inputs;
    private final AtomicLong bytes;
    private final Thread thread;
    private volatile boolean stopped;

    private ParsingThread(List<Input> inputs, AtomicLong bytes) {
        this.inputs = List.copyOf(inputs);
        this.bytes = bytes;
        this.thread = new Thread(this::run, "breachwatch-replay-parser");
        this.thread.setDaemon(true);
    }

    /** @param bytes the counter the inputs' streams add the bytes they read to */
    static ParsingThread start(List<Input> inputs, AtomicLong bytes) {
        ParsingThread parsing = new ParsingThread(inputs, bytes);
        parsing.thread.start();
        return parsing;
    }

    /** The next item; {@link End} after the last input's {@link InputDone}. */
    Item take() throws InterruptedIOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("replay interrupted while waiting for parsed events");
        }
    }

    private void run() {
        try {
            long events = 0;
            for (Input input : inputs) {
                ParseStats stats = new ParseStats(input.name());
                List<CanonicalEvent> batch = new ArrayList<>(BATCH);
                try (LogReader reader = LogReader.of(input.opener().open(), LogReader.DEFAULT_MAX_LINE_CHARS)) {
                    LogReader.Line line;
                    while ((line = reader.next()) != null) {
                        ParseResult result = input.parser().parse(line.text(), line.number());
                        stats.record(line.number(), result);
                        batch.addAll(result.events());
                        if (batch.size() >= BATCH) {
                            events += batch.size();
                            put(new Events(batch, bytes.get(), events));
                            batch = new ArrayList<>(BATCH);
                        }
                    }
                }
                List<CanonicalEvent> rest = input.parser().finish();
                stats.recordEvents(rest);
                batch.addAll(rest);
                events += batch.size();
                put(new Events(batch, bytes.get(), events));
                put(new InputDone(stats, bytes.get(), events));
            }
            put(new End());
        } catch (Stopped stopped) {
            // the caller has gone: nobody is waiting for the rest
        } catch (Throwable e) {
            try {
                put(new Failed(e));
            } catch (Stopped stopped) {
                // as above
            }
        }
    }

    /** Thrown inside the parsing thread when the caller has closed it. */
    private static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private void put(Item item) throws Stopped {
        try {
            while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (stopped) {
                    throw new Stopped();
                }
            }
        } catch (InterruptedException e) {
            throw new Stopped();
        }
    }

    /** Stops the thread (if the caller stopped early) and waits for it. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
