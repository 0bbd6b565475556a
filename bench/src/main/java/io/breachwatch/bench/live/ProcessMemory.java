package io.breachwatch.bench.live;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory of the JVM this runs in (a measured app's own JVM, {@link LiveChild}) as the live benchmark reports it:
 * resident set size and its high-water mark since the process started from {@code /proc/self/status} (Linux; the
 * whole process, so RocksDB's native memory is included), the live heap after a full collection (what survives,
 * unlike the sawtooth of heap in use), and the peak of heap in use, sampled every 10 ms from {@link #start()}.
 */
final class ProcessMemory implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");

    private final AtomicLong peakHeap = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private ProcessMemory() {
        sampler = new Thread(() -> {
            while (running) {
                peakHeap.accumulateAndGet(heapUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
    }

    static ProcessMemory start() {
        ProcessMemory memory = new ProcessMemory();
        memory.sampler.start();
        return memory;
    }

    long peakHeap() {
        return Math.max(peakHeap.get(), heapUsed());
    }

    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Heap still in use after a full collection requested now ({@code System.gc()}): the live set. The pools' own
     * "usage after collection" is no substitute: under G1 the old generation's is updated only by old-generation
     * collections, and heap after young collections climbs with floating garbage until a concurrent cycle runs.
     */
    static long liveHeap() {
        System.gc();
        return heapUsed();
    }

    /** Current resident set size in bytes, or -1 where /proc is not available. */
    static long rss() {
        return statusField("VmRSS");
    }

    /** Peak resident set size since the process started, in bytes, or -1 where /proc is not available. */
    static long rssHighWaterMark() {
        return statusField("VmHWM");
    }

    private static long statusField(String field) {
        try {
            return parseStatusField(Files.readString(STATUS, StandardCharsets.US_ASCII), field).orElse(-1);
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** The value of a {@code /proc/PID/status} field given in kB ({@code "VmHWM:   123456 kB"}), in bytes. */
    static OptionalLong parseStatusField(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                if (parts.length == 2 && parts[1].equals("kB") && parts[0].matches("\\d{1,15}")) {
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
