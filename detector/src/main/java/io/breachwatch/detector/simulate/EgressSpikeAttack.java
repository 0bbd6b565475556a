package io.breachwatch.detector.simulate;

import io.breachwatch.schema.NetworkEvent;
import java.time.Instant;

/**
 * An internal host shipping data to one external address it never talks to: a flow every ~5 s, each carrying
 * {@code factor} × what the host usually sends in that time (and never less than {@code factor} × its median flow),
 * so its egress runs at 50–100× its habit. With a ramp, the factor grows linearly from {@code fromFactor} to
 * {@code toFactor} over the attack: egress that rises rather than jumps.
 */
final class EgressSpikeAttack implements TrafficModel {
    static final String DESTINATION = "203.0.113.250";
    private static final long GAP_MILLIS = 5_000;

    private final Population.Host host;
    private final long start;
    private final long end;
    private final double usualBytesPerMilli;
    private final double fromFactor;
    private final double toFactor;
    private final Rng rng;
    private final EventIds ids;
    private long t;

    EgressSpikeAttack(Population.Host host, long start, long end, double usualBytesPerSecond, double fromFactor,
                      double toFactor, Rng rng, EventIds ids) {
        this.host = host;
        this.start = start;
        this.end = end;
        this.usualBytesPerMilli = usualBytesPerSecond / 1000;
        this.fromFactor = fromFactor;
        this.toFactor = toFactor;
        this.rng = rng;
        this.ids = ids;
        this.t = start;
    }

    @Override
    public SimulatedEvent next() {
        if (t >= end) {
            return null;
        }
        long time = t;
        long gap = Math.round(rng.jitter(GAP_MILLIS, 0.2));
        t += gap;
        double progress = (double) (time - start) / (end - start);
        double target = fromFactor + (toFactor - fromFactor) * progress;
        // A little noise around the target, never below the stage's floor.
        double factor = Math.max(Math.min(fromFactor, toFactor), rng.jitter(target, 0.1));
        long out = Math.round(factor * Math.max(usualBytesPerMilli * gap, host.medianBytesOut()));
        return SimulatedEvent.of(new NetworkEvent(ids.next(), Instant.ofEpochMilli(time), host.ip(),
                rng.between(32_768, 60_999), DESTINATION, 443, "tcp", out, (long) rng.between(2_000, 9_000), "SF"));
    }
}
