package io.breachwatch.detector.simulate;

import java.time.Duration;

/**
 * Event times for a run of attack events spread evenly over a span: the span is cut into one slot per event, and
 * each event falls at a random point in the first 80 % of its own slot. The events look like a script's steady
 * pace without being metronomic, and stay in order, as a {@link TrafficModel} must: the latest point of a slot
 * comes before the next slot begins.
 */
record EvenSpread(long start, double slotMillis) {

    /** {@code events} events over {@code span} from {@code start} (epoch milliseconds). */
    static EvenSpread over(long start, Duration span, int events) {
        return new EvenSpread(start, (double) span.toMillis() / events);
    }

    /** The time of event {@code index} (from 0), drawing its jitter from {@code rng}. */
    long time(int index, Rng rng) {
        return start + (long) (index * slotMillis + rng.uniform(0, slotMillis * 0.8));
    }
}
