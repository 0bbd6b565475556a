package io.breachwatch.detector.simulate;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.NetworkEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Simulations for tests: a fixed start (a Saturday morning in March), explicit rate, attack offset and length. */
final class Runs {
    static final Instant START = Instant.parse("2026-03-14T08:00:00Z");

    private Runs() {
    }

    /** The seed of the simulated world; {@code -Dbreachwatch.sim.seed=N} runs the tests in another one. */
    static final long SEED = Long.getLong("breachwatch.sim.seed", Simulation.Settings.DEFAULT_SEED);

    static Simulation.Settings settings(String scenario, double rate, Duration attackOffset, Duration duration) {
        return Simulation.Settings.of(scenario, START).withSeed(SEED).withRate(rate).withAttackOffset(attackOffset)
                .withDuration(duration);
    }

    static Simulation simulate(String scenario, double rate, Duration attackOffset, Duration duration) {
        return Simulation.create(settings(scenario, rate, attackOffset, duration));
    }

    static List<SimulatedEvent> all(Simulation simulation) {
        List<SimulatedEvent> events = new ArrayList<>();
        simulation.forEachRemaining(events::add);
        return events;
    }

    static List<AuthEvent> logins(List<SimulatedEvent> events) {
        return events.stream().map(SimulatedEvent::event).filter(AuthEvent.class::isInstance)
                .map(AuthEvent.class::cast).toList();
    }

    static List<ApiCallEvent> calls(List<SimulatedEvent> events) {
        return events.stream().map(SimulatedEvent::event).filter(ApiCallEvent.class::isInstance)
                .map(ApiCallEvent.class::cast).toList();
    }

    static List<NetworkEvent> flows(List<SimulatedEvent> events) {
        return events.stream().map(SimulatedEvent::event).filter(NetworkEvent.class::isInstance)
                .map(NetworkEvent.class::cast).toList();
    }

    /** The most of {@code times} (ascending) that fall within any closed window of length {@code window}. */
    static int maxInWindow(List<Long> times, Duration window) {
        int best = 0;
        int from = 0;
        for (int to = 0; to < times.size(); to++) {
            while (times.get(to) - times.get(from) > window.toMillis()) {
                from++;
            }
            best = Math.max(best, to - from + 1);
        }
        return best;
    }
}
