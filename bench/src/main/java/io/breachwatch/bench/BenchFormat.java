package io.breachwatch.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes on the command line ({@code 1GB}, {@code 200MB}) and the median/range summaries of repeated runs. */
final class BenchFormat {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB)?",
            Pattern.CASE_INSENSITIVE);

    private BenchFormat() {
    }

    /** Decimal units, as disks and throughput figures use them: 1GB = 1,000,000,000 bytes. */
    static long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("size '" + text + "': expected a number and B, KB, MB or GB");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long scale = switch (unit) {
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            default -> 1L;
        };
        long bytes = (long) (n * scale);
        if (bytes < 1_000_000) {
            throw new IllegalArgumentException("size '" + text + "': at least 1MB");
        }
        return bytes;
    }

    static String plain(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    /** Median, minimum and maximum of repeated measurements. */
    record Spread(double median, double min, double max) {
        static Spread of(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Spread(median, sorted.get(0), sorted.get(n - 1));
        }

        String format(String pattern) {
            return String.format(Locale.ROOT, pattern + " (range " + pattern + " .. " + pattern + ")", median, min,
                    max);
        }
    }
}
