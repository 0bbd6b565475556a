package io.breachwatch.detector.engine;

import io.breachwatch.schema.CanonicalEvent;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Deviation from a learned per-entity baseline. Event time is cut into buckets; each completed bucket's value (a
 * count, a sum, or a distinct count) updates an exponentially weighted mean and variance, with empty buckets
 * counted as zeros. The current bucket alerts as soon as its running value exceeds mean + sigma·sd, is at least
 * minRatio × mean and at least the absolute floor, after warm-up buckets of history: a quiet or new entity does not
 * alert on noise, and a burst is caught mid-bucket rather than when the bucket closes.
 *
 * <p>A gap of empty buckets counts as zeros only up to the warm-up length: a longer silence (a business-hours
 * integration at night, a host that was off) is missing data, not evidence of a quiet habit, so the first busy bucket
 * of the morning is compared with yesterday's daytime baseline rather than with a night of zeros.
 *
 * <p>Events for an already completed bucket (late, within grace) are not counted: buckets are short and the
 * baseline is a statistic, so this costs a little precision, never an alert storm.
 */
final class BaselineAggregate implements Aggregate {
    /** Distinct values remembered per bucket; beyond this the distinct count is a lower bound. */
    static final int MAX_DISTINCT = 4096;

    private final Function<CanonicalEvent, Object> field;
    private final io.breachwatch.detector.rules.AggregateSpec.Measure measure;
    private final long bucket;
    private final int warmUp;
    private final double sigma;
    private final double minRatio;
    private final double floor;
    private final double alpha;

    BaselineAggregate(io.breachwatch.detector.rules.AggregateSpec.Baseline spec,
                      Function<CanonicalEvent, Object> field) {
        this.field = field;
        this.measure = spec.measure();
        this.bucket = spec.bucket().toMillis();
        this.warmUp = spec.warmUp();
        this.sigma = spec.sigma();
        this.minRatio = spec.minRatio();
        this.floor = spec.floor();
        // Roughly the last max(warm-up, 30) buckets dominate the baseline: adapts to drift, forgets one-off spikes.
        this.alpha = 2.0 / (Math.max(warmUp, 30) + 1);
    }

    @Override
    public AggregateState newState() {
        return new State(Long.MIN_VALUE, 0, 0, 0, 0, new HashSet<>());
    }

    @Override
    public AggregateState read(DataInputStream in) throws IOException {
        long current = in.readLong();
        double value = in.readDouble();
        long completed = in.readLong();
        double mean = in.readDouble();
        double variance = in.readDouble();
        int n = in.readInt();
        Set<Long> distinct = new HashSet<>();
        for (int i = 0; i < n; i++) {
            distinct.add(in.readLong());
        }
        return new State(current, value, completed, mean, variance, distinct);
    }

    @Override
    public long horizonMillis() {
        // A baseline is only worth keeping while it would still be warm; keep at least a day of quiet.
        return Math.max(Duration.ofDays(1).toMillis(), bucket * Math.max(warmUp, 30) * 4L);
    }

    private final class State implements AggregateState {
        private long current;
        private double value;
        private long completed;
        private double mean;
        private double variance;
        private final Set<Long> distinct;

        State(long current, double value, long completed, double mean, double variance, Set<Long> distinct) {
            this.current = current;
            this.value = value;
            this.completed = completed;
            this.mean = mean;
            this.variance = variance;
            this.distinct = distinct;
        }

        @Override
        public void add(CanonicalEvent event, long time) {
            long index = Math.floorDiv(time, bucket);
            if (current == Long.MIN_VALUE) {
                current = index;
            } else if (index < current) {
                return;
            } else if (index > current) {
                close(index);
            }
            switch (measure) {
                case COUNT:
                    value += 1;
                    break;
                case SUM:
                    Object v = field.apply(event);
                    value += v instanceof Number n ? n.doubleValue() : 0;
                    break;
                default:
                    Object d = field.apply(event);
                    if (d != null && distinct.size() < MAX_DISTINCT && distinct.add(hash(FieldText.of(d)))) {
                        value += 1;
                    }
            }
        }

        private void close(long next) {
            fold(value);
            long empty = Math.min(next - current - 1, Math.max(warmUp, 1));
            for (long i = 0; i < empty; i++) {
                fold(0);
            }
            current = next;
            value = 0;
            distinct.clear();
        }

        private void fold(double x) {
            completed++;
            // Cumulative average while history is short, then exponentially weighted (West's EWMA variance).
            double a = Math.max(alpha, 1.0 / completed);
            double delta = x - mean;
            mean += a * delta;
            variance = (1 - a) * (variance + a * delta * delta);
        }

        @Override
        public Finding evaluate(CanonicalEvent event, long time) {
            if (completed < warmUp || Math.floorDiv(time, bucket) != current) {
                return null;
            }
            double sd = Math.sqrt(variance);
            double threshold = Math.max(mean + sigma * sd, Math.max(minRatio * mean, floor));
            if (value < threshold || value <= mean + sigma * sd) {
                return null;
            }
            long start = current * bucket;
            return new Finding(value, threshold, start, time, List.of(), Map.of(), Map.of(
                    "baseline_mean", format(mean), "baseline_sigma", format(sd),
                    "ratio", mean > 0 ? format(value / mean) + "×" : "∞×"));
        }

        @Override
        public void expire(long time) {
            // A baseline has no window to trim: it ages through its weights. The entity's state is dropped whole
            // when the entity has been silent for the horizon.
        }

        @Override
        public boolean isEmpty() {
            return completed == 0 && value == 0;
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeLong(current);
            out.writeDouble(value);
            out.writeLong(completed);
            out.writeDouble(mean);
            out.writeDouble(variance);
            out.writeInt(distinct.size());
            for (long h : distinct) {
                out.writeLong(h);
            }
        }
    }

    static String format(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x)
                : String.format(java.util.Locale.ROOT, "%.1f", x);
    }

    /** 64-bit FNV-1a: distinct values are counted by hash, so a bucket's memory does not hold attacker strings. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
