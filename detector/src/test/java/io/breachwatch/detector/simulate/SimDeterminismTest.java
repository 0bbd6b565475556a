package io.breachwatch.detector.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breachwatch.schema.EventType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Same settings, same events; events come in event-time order at the configured rate. */
@Timeout(60)
class SimDeterminismTest {

    private static List<SimulatedEvent> first(int n, Simulation.Settings settings) {
        return Simulation.create(settings).stream().limit(n).toList();
    }

    @Test
    void theSameSeedGivesTheSameEventsIdsAndTimesIncluded() {
        // The March incident from its first minute: background plus all three attack stages interleaved.
        Simulation.Settings settings = Runs.settings("march-incident", 200, Duration.ofMinutes(1), null).withSeed(42);

        List<SimulatedEvent> once = first(100_000, settings);
        List<SimulatedEvent> again = first(100_000, settings);

        assertThat(again).isEqualTo(once);
        assertThat(once.stream().filter(e -> !e.event().eventId().contains("-n-")).count()).isGreaterThan(1_000);
    }

    @Test
    void aDifferentSeedGivesDifferentTraffic() {
        Simulation.Settings settings = Runs.settings("normal", 200, Duration.ZERO, null);

        List<SimulatedEvent> one = first(1_000, settings.withSeed(1));
        List<SimulatedEvent> two = first(1_000, settings.withSeed(2));

        assertThat(two).isNotEqualTo(one);
        // Not merely different ids: different users, clients and hosts.
        assertThat(two.stream().map(SimulatedEvent::key).toList())
                .isNotEqualTo(one.stream().map(SimulatedEvent::key).toList());
    }

    @Test
    void anAttackIsAddedToTheBackgroundWithoutChangingIt() {
        Simulation.Settings normal = Runs.settings("normal", 200, Duration.ofMinutes(1), Duration.ofMinutes(5));
        List<SimulatedEvent> background = Runs.all(Simulation.create(normal));
        List<SimulatedEvent> withAttack = Runs.all(Simulation.create(
                Runs.settings("brute-force", 200, Duration.ofMinutes(1), Duration.ofMinutes(5))));

        assertThat(withAttack.stream().filter(e -> e.event().eventId().contains("-n-")).toList())
                .isEqualTo(background);
        assertThat(withAttack).hasSize(background.size() + BruteForceAttack.ATTEMPTS);
    }

    @Test
    void eventsComeInEventTimeOrderAtTheConfiguredRate() {
        for (String scenario : Scenarios.names()) {
            // Two minutes at 500 events/s, the attack one minute in.
            Simulation simulation = Runs.simulate(scenario, 500, Duration.ofMinutes(1), Duration.ofMinutes(2));
            long previous = Long.MIN_VALUE;
            long normal = 0;
            while (simulation.hasNext()) {
                SimulatedEvent e = simulation.next();
                assertThat(e.epochMilli()).as(scenario).isGreaterThanOrEqualTo(previous)
                        .isGreaterThanOrEqualTo(Runs.START.toEpochMilli())
                        .isLessThan(Runs.START.plus(Duration.ofMinutes(2)).toEpochMilli());
                previous = e.epochMilli();
                if (e.event().eventId().contains("-n-")) {
                    normal++;
                }
            }
            // The virtual clock advances 1/rate per background slot; typo follow-ups add about 1 %.
            assertThat(normal).as(scenario).isBetween(60_000L, 61_500L);
        }
    }

    @Test
    void theMixFollowsTheProfile() {
        Simulation simulation = Runs.simulate("normal", 500, Duration.ZERO, Duration.ofMinutes(2));
        simulation.forEachRemaining(e -> { });
        Map<EventType, Long> counts = simulation.counts();
        long start = Runs.START.toEpochMilli();
        for (EventType type : EventType.values()) {
            // Slots by the profile's share; a login slot is 1.04 events on average (typo and reset follow-ups).
            double expected = 60_000 * simulation.profile().share(type, start)
                    * (type == EventType.AUTH ? TrafficProfile.EVENTS_PER_LOGIN : 1);
            assertThat((double) counts.get(type)).as(type.label()).isCloseTo(expected,
                    org.assertj.core.data.Percentage.withPercentage(3));
        }
        assertThat(simulation.produced()).isEqualTo(counts.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> Runs.settings("no-such", 500, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("march-incident");
        assertThatThrownBy(() -> Runs.settings("normal", 0, Duration.ZERO, null))
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> Runs.settings("normal", 500, Duration.ofMinutes(-1), null))
                .hasMessageContaining("attack offset");
        assertThatThrownBy(() -> Runs.settings("normal", 500, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("duration");
    }
}
