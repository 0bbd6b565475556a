package io.breachwatch.bench.live;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The summaries the live benchmark prints: the median and range of repeated measurements, and latency percentiles
 * by the nearest-rank method (the smallest sample with at least p % of the samples at or below it, so every
 * percentile is a latency that was actually observed, and p99 of fewer than 100 samples is their maximum).
 */
final class Stats {
    private Stats() {
    }

    /** Median, minimum and maximum of repeated measurements. */
    record Spread(double median, double min, double max) {
        static Spread of(List<Double> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no values");
            }
            List<Double> sorted = sorted(values);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Spread(median, sorted.get(0), sorted.get(n - 1));
        }

        /** {@code "12,345 (11,000 .. 13,100)"} with {@code pattern} for each of the three numbers. */
        String format(String pattern) {
            return String.format(Locale.ROOT, pattern + " (" + pattern + " .. " + pattern + ")", median, min, max);
        }
    }

    /**
     * The nearest-rank {@code p}-th percentile (0 < p <= 100) of {@code samples}.
     *
     * @throws IllegalArgumentException when there are no samples or p is out of range
     */
    static double percentile(List<Double> samples, double p) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        List<Double> sorted = sorted(samples);
        // The tolerance keeps p = 99 of 100 samples at rank 99 whatever the floating-point product rounds to.
        int rank = (int) Math.ceil(p * sorted.size() / 100.0 - 1e-9);
        return sorted.get(Math.max(1, rank) - 1);
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }
}
