package io.breachwatch.detector.simulate;

import io.breachwatch.schema.EventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Drives a simulation into a sink: paced in real time by a {@link RealTimePacer}, or as fast as the sink takes
 * events (pacer null). Reports a one-line progress every {@code progressEvery} of wall-clock time and returns a
 * summary; a stop request (Ctrl-C) or an interrupt ends the run cleanly after the current event.
 */
public final class SimulationRun {

    /** Where events go (a Kafka producer, a list in a test). */
    @FunctionalInterface
    public interface Sink {
        /** @throws InterruptedException when interrupted before the event was taken: the run stops cleanly */
        void send(SimulatedEvent event) throws Exception;
    }

    /**
     * @param events      events sent
     * @param byType      events sent by type
     * @param first       event time of the first event sent (null when none)
     * @param last        event time of the last event sent (null when none)
     * @param wallTime    how long the run took
     * @param stoppedEarly whether a stop request or interrupt ended it before the simulation's end
     */
    public record Summary(long events, Map<EventType, Long> byType, Instant first, Instant last, Duration wallTime,
                          boolean stoppedEarly) {
        public String describe() {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%,d events in %s (", events,
                    human(wallTime)));
            String sep = "";
            for (Map.Entry<EventType, Long> e : byType.entrySet()) {
                line.append(sep).append(e.getKey().label()).append(' ').append(String.format(Locale.ROOT, "%,d",
                        e.getValue()));
                sep = ", ";
            }
            line.append(')');
            if (first != null) {
                line.append(", event time ").append(TIME.format(first)).append(" to ").append(TIME.format(last));
            }
            return line.toString();
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Simulation simulation;
    private final Sink sink;
    private final RealTimePacer pacer;
    private final Clock wallClock;
    private final Duration progressEvery;
    private final Consumer<String> progress;

    /**
     * @param pacer         null to run as fast as possible
     * @param wallClock     for progress reports and the summary's wall time
     * @param progressEvery how often to report progress
     * @param progress      receives the progress lines
     */
    public SimulationRun(Simulation simulation, Sink sink, RealTimePacer pacer, Clock wallClock,
                         Duration progressEvery, Consumer<String> progress) {
        this.simulation = simulation;
        this.sink = sink;
        this.pacer = pacer;
        this.wallClock = wallClock;
        this.progressEvery = progressEvery;
        this.progress = progress;
    }

    /**
     * Runs until the simulation ends or {@code stop} says so.
     *
     * @throws Exception whatever the sink threw (the run stops at the first failure)
     */
    public Summary run(BooleanSupplier stop) throws Exception {
        Instant began = wallClock.instant();
        Instant nextReport = began.plus(progressEvery);
        long sentAtLastReport = 0;
        Instant lastReport = began;
        Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            byType.put(type, 0L);
        }
        long sent = 0;
        Instant first = null;
        Instant last = null;
        boolean stoppedEarly = false;
        while (simulation.hasNext()) {
            if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                stoppedEarly = true;
                break;
            }
            SimulatedEvent event = simulation.next();
            if (pacer != null) {
                try {
                    pacer.awaitDue(event.timestamp());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stoppedEarly = true;
                    break;
                }
            }
            try {
                sink.send(event);
            } catch (InterruptedException e) {
                // The sink was interrupted while waiting (a full producer buffer): a stop, not a failure.
                Thread.currentThread().interrupt();
                stoppedEarly = true;
                break;
            }
            sent++;
            byType.merge(event.type(), 1L, Long::sum);
            if (first == null) {
                first = event.timestamp();
            }
            last = event.timestamp();
            Instant now = wallClock.instant();
            if (!now.isBefore(nextReport)) {
                double seconds = Math.max(1e-3, Duration.between(lastReport, now).toNanos() / 1e9);
                progress.accept(progressLine(sent, byType, last, (sent - sentAtLastReport) / seconds));
                sentAtLastReport = sent;
                lastReport = now;
                nextReport = now.plus(progressEvery);
            }
        }
        return new Summary(sent, byType, first, last, Duration.between(began, wallClock.instant()), stoppedEarly);
    }

    private String progressLine(long sent, Map<EventType, Long> byType, Instant eventTime, double perSecond) {
        String attack = simulation.scenario().attackStart().map(start -> {
            Instant end = simulation.scenario().attackEnd().orElseThrow();
            if (eventTime.isBefore(start)) {
                return "attack in " + human(Duration.between(eventTime, start));
            }
            return eventTime.isAfter(end) ? "attack over" : "attack under way";
        }).orElse("no attack");
        String line = String.format(Locale.ROOT, "%,d events (auth %,d, api %,d, net %,d), %,.0f/s, event time %s, %s",
                sent, byType.get(EventType.AUTH), byType.get(EventType.API), byType.get(EventType.NET), perSecond,
                TIME.format(eventTime), attack);
        if (pacer != null && pacer.lag().compareTo(Duration.ofSeconds(1)) > 0) {
            line += ", " + human(pacer.lag()) + " behind real time";
        }
        return line;
    }

    static String human(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
