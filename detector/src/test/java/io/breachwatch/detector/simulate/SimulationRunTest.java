package io.breachwatch.detector.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.EventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real-time pacing and the run loop, on a fake clock: no sleeping in tests. */
@Timeout(60)
class SimulationRunTest {

    /** A clock that only moves when the pacer sleeps (or a test advances it). */
    static final class FakeClock extends Clock {
        Instant now;
        final List<Duration> naps = new ArrayList<>();

        FakeClock(Instant now) {
            this.now = now;
        }

        void sleep(Duration d) {
            naps.add(d);
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void thePacerReleasesEachEventWhenTheClockReachesItsTime() throws InterruptedException {
        FakeClock clock = new FakeClock(Runs.START);
        RealTimePacer pacer = new RealTimePacer(clock, clock::sleep);

        pacer.awaitDue(Runs.START.plusMillis(2)); // 2 ms ahead: one short nap
        pacer.awaitDue(Runs.START.plusMillis(1)); // already due: no nap
        pacer.awaitDue(Runs.START.plusSeconds(1)); // far ahead: naps of at most 200 ms, so Ctrl-C is noticed

        assertThat(clock.naps).containsExactly(Duration.ofMillis(2), Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(198));
        assertThat(clock.now).isEqualTo(Runs.START.plusSeconds(1));
        assertThat(pacer.lag()).isZero();
    }

    @Test
    void inRealTimeEveryEventIsSentAtItsOwnTimestamp() throws Exception {
        // Given a simulation that starts at the clock's now
        FakeClock clock = new FakeClock(Runs.START);
        Simulation simulation = Runs.simulate("brute-force", 100, Duration.ofSeconds(10), Duration.ofSeconds(30));
        List<Duration> sendTimeMinusEventTime = new ArrayList<>();
        List<String> progress = new ArrayList<>();

        // When it runs paced by that clock
        SimulationRun.Summary summary = new SimulationRun(simulation,
                event -> sendTimeMinusEventTime.add(Duration.between(event.timestamp(), clock.instant())),
                new RealTimePacer(clock, clock::sleep), clock, Duration.ofSeconds(5), progress::add).run(() -> false);

        // Then each event went out exactly when the clock showed its timestamp
        assertThat(sendTimeMinusEventTime).hasSizeGreaterThan(3_000).containsOnly(Duration.ZERO);
        assertThat(summary.events()).isEqualTo(sendTimeMinusEventTime.size());
        assertThat(summary.byType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(summary.events());
        assertThat(summary.stoppedEarly()).isFalse();
        assertThat(summary.first()).isEqualTo(Runs.START);
        assertThat(summary.last()).isBefore(Runs.START.plusSeconds(30));
        // Progress every 5 s of (fake) wall time: at 5, 10, 15, 20 and 25 s
        assertThat(progress).hasSize(5);
        assertThat(progress.get(0)).contains("events (auth ").contains("event time 2026-03-14 08:00:05Z")
                .contains("attack in 5.0s");
        assertThat(progress.get(2)).contains("attack under way");
        assertThat(summary.describe()).contains("events in 30.0s").contains("auth").contains("api").contains("net");
    }

    @Test
    void fastModeSendsEverythingWithoutWaiting() throws Exception {
        FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));
        Simulation simulation = Runs.simulate("normal", 500, Duration.ZERO, Duration.ofMinutes(10));
        AtomicInteger sent = new AtomicInteger();

        SimulationRun.Summary summary = new SimulationRun(simulation, e -> sent.incrementAndGet(), null, clock,
                Duration.ofSeconds(5), line -> { }).run(() -> false);

        assertThat(summary.events()).isEqualTo(sent.get()).isGreaterThan(300_000);
        assertThat(summary.wallTime()).isZero();
        assertThat(summary.byType()).containsOnlyKeys(EventType.values());
    }

    @Test
    void aStopRequestEndsTheRunAfterTheCurrentEvent() throws Exception {
        FakeClock clock = new FakeClock(Runs.START);
        Simulation simulation = Runs.simulate("normal", 500, Duration.ZERO, null); // endless
        AtomicInteger sent = new AtomicInteger();

        SimulationRun.Summary summary = new SimulationRun(simulation, e -> sent.incrementAndGet(), null, clock,
                Duration.ofSeconds(5), line -> { }).run(() -> sent.get() >= 1_000);

        assertThat(summary.events()).isEqualTo(1_000);
        assertThat(summary.stoppedEarly()).isTrue();
    }

    @Test
    void aSinkInterruptedBeforeTakingAnEventStopsTheRunWithoutCountingIt() throws Exception {
        // Ctrl-C while a full producer buffer blocks send(): the event is not sent and must not be counted.
        FakeClock clock = new FakeClock(Runs.START);
        Simulation simulation = Runs.simulate("normal", 500, Duration.ZERO, null);
        AtomicInteger taken = new AtomicInteger();

        SimulationRun.Summary summary = new SimulationRun(simulation, e -> {
            if (taken.get() == 100) {
                throw new InterruptedException("Ctrl-C");
            }
            taken.incrementAndGet();
        }, null, clock, Duration.ofSeconds(5), line -> { }).run(() -> false);

        assertThat(summary.events()).isEqualTo(100);
        assertThat(summary.stoppedEarly()).isTrue();
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void anInterruptWhileWaitingEndsTheRunCleanly() throws Exception {
        Clock frozen = Clock.fixed(Runs.START, ZoneOffset.UTC);
        Simulation simulation = Runs.simulate("normal", 500, Duration.ZERO, null);
        RealTimePacer pacer = new RealTimePacer(frozen, d -> {
            throw new InterruptedException("Ctrl-C");
        });

        SimulationRun.Summary summary = new SimulationRun(simulation, e -> { }, pacer, frozen, Duration.ofSeconds(5),
                line -> { }).run(() -> false);

        assertThat(summary.stoppedEarly()).isTrue();
        assertThat(Thread.interrupted()).as("interrupt status kept for the caller").isTrue();
    }
}
