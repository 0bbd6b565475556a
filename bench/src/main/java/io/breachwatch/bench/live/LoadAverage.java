package io.breachwatch.bench.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's one-minute load average ({@code /proc/loadavg}), recorded next to every figure. */
final class LoadAverage {
    private LoadAverage() {
    }

    /** The one-minute load average, or -1 where /proc is not available. */
    static double oneMinute() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
