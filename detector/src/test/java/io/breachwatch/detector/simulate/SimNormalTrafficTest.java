package io.breachwatch.detector.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The normal scenario over one simulated day (200,000 events, fast mode) is realistic and innocent: ordinary
 * mistakes happen, no source ever meets a login rule, vendors keep their habits, hosts never scan.
 */
@Timeout(120)
class SimNormalTrafficTest {
    /** 200,000 events over 24 hours of event time. */
    private static final double DAY_RATE = 200_000 / 86_400.0;

    private static Day day;

    /** What one pass over the day collects (the day itself is never held in memory). */
    private static final class Day {
        final LoginThresholds logins = new LoginThresholds();
        final Map<EventType, Long> byType = new TreeMap<>();
        final long[] loginsByHour = new long[24];
        final Map<String, Set<String>> operationsByClient = new HashMap<>();
        final Map<String, Set<String>> sourcesByClient = new HashMap<>();
        final Map<String, String> typeByClient = new HashMap<>();
        final Map<String, Set<String>> customersByClient = new HashMap<>();
        long calls;
        long errors;
        final Set<Integer> ports = new HashSet<>();
        final PortsPerPair portsPerPair = new PortsPerPair();
        final DestinationsPerSource destinations = new DestinationsPerSource();
        final Set<String> attackerAddresses = new HashSet<>();
        long events;
        long previousTime = Long.MIN_VALUE;
        long outOfOrder;
        long firstTime;
        long lastTime;
    }

    @BeforeAll
    static void simulateOneDay() {
        Simulation simulation = Runs.simulate("normal", DAY_RATE, Duration.ZERO, Duration.ofDays(1));
        Day d = new Day();
        while (simulation.hasNext()) {
            SimulatedEvent event = simulation.next();
            long t = event.epochMilli();
            if (d.events++ == 0) {
                d.firstTime = t;
            }
            d.lastTime = t;
            if (t < d.previousTime) {
                d.outOfOrder++;
            }
            d.previousTime = t;
            d.byType.merge(event.type(), 1L, Long::sum);
            if (event.event() instanceof AuthEvent login) {
                d.logins.accept(login);
                d.loginsByHour[login.timestamp().atZone(ZoneOffset.UTC).getHour()]++;
                checkAddress(d, login.sourceIp());
                assertThat(event.key()).isEqualTo(login.sourceIp());
            } else if (event.event() instanceof ApiCallEvent call) {
                d.calls++;
                if (call.status() >= 400) {
                    d.errors++;
                }
                d.operationsByClient.computeIfAbsent(call.clientId(), k -> new HashSet<>()).add(call.operation());
                d.sourcesByClient.computeIfAbsent(call.clientId(), k -> new HashSet<>()).add(call.sourceIp());
                d.typeByClient.put(call.clientId(), call.clientType());
                if (call.customerId() != null) {
                    d.customersByClient.computeIfAbsent(call.clientId(), k -> new HashSet<>()).add(call.customerId());
                }
                checkAddress(d, call.sourceIp());
                assertThat(event.key()).isEqualTo(call.clientId());
            } else {
                NetworkEvent flow = (NetworkEvent) event.event();
                d.ports.add(flow.dstPort());
                d.portsPerPair.accept(flow);
                d.destinations.accept(flow);
                checkAddress(d, flow.srcIp());
                checkAddress(d, flow.dstIp());
                assertThat(event.key()).isEqualTo(flow.srcIp());
            }
        }
        day = d;
    }

    private static void checkAddress(Day d, String address) {
        if (Addresses.isAttackerRange(address)) {
            d.attackerAddresses.add(address);
        }
    }

    @Test
    void aDayIsAboutTwoHundredThousandEventsInEventTimeOrder() {
        assertThat(day.events).isBetween(198_000L, 204_000L);
        assertThat(day.outOfOrder).isZero();
        assertThat(day.firstTime).isEqualTo(Runs.START.toEpochMilli());
        assertThat(day.lastTime).isLessThan(Runs.START.plus(Duration.ofDays(1)).toEpochMilli());
        assertThat(day.byType.keySet()).containsExactly(EventType.AUTH, EventType.API, EventType.NET);
        // Logins are about a fifth of the traffic, API calls and flows the rest.
        assertThat(day.byType.get(EventType.AUTH)).isBetween(30_000L, 50_000L);
    }

    @Test
    void noSourceEverMeetsALoginThreshold() {
        assertThat(day.logins.bruteForce).as("≥ 8 failures in 2 min from one source").isEmpty();
        assertThat(day.logins.spray).as("≥ 20 failures, ≥ 10 accounts in 5 min from one source").isEmpty();
        assertThat(day.logins.successAfterFailures).as("success after ≥ 5 failures in 10 min").isEmpty();
        assertThat(day.logins.maxFailuresIn10m).isLessThanOrEqualTo(FailureLedger.MAX_FAILURES);
    }

    @Test
    void usersMistypeTheirPasswordsNowAndThen() {
        // 3 % of login episodes are typos: about 1,000 in the day's ~38,000 logins
        assertThat(day.logins.typos).isGreaterThanOrEqualTo(1).isBetween(500L, 2_000L);
        double failureShare = (double) day.logins.failed / day.logins.logins;
        assertThat(failureShare).isBetween(0.02, 0.06);
    }

    @Test
    void moreLoginsByDayThanByNight() {
        long afternoon = day.loginsByHour[12] + day.loginsByHour[13] + day.loginsByHour[14] + day.loginsByHour[15];
        long night = day.loginsByHour[0] + day.loginsByHour[1] + day.loginsByHour[2] + day.loginsByHour[3];
        assertThat(afternoon).isGreaterThan(night * 3 / 2);
        // A smooth curve: neighbouring hours never differ by more than a third.
        for (int h = 0; h < 24; h++) {
            long here = day.loginsByHour[h];
            long next = day.loginsByHour[(h + 1) % 24];
            assertThat(Math.abs(here - next)).as("hour %d to %d", h, h + 1).isLessThan(Math.max(here, next) / 3);
        }
    }

    @Test
    void vendorsKeepTheirHabits() {
        Population population = Population.generate(Runs.SEED, Population.Settings.DEFAULT);
        assertThat(population.vendors()).hasSize(5);
        for (Population.ApiClient vendor : population.vendors()) {
            assertThat(vendor.id()).startsWith("vendor-");
            assertThat(day.typeByClient).containsEntry(vendor.id(), "third_party");
            assertThat(day.operationsByClient.get(vendor.id())).isSubsetOf(vendor.operationNames())
                    .hasSizeBetween(2, 4);
            assertThat(day.sourcesByClient.get(vendor.id())).hasSizeBetween(1, 3)
                    .isSubsetOf(vendor.sourceIps());
            assertThat(day.customersByClient.getOrDefault(vendor.id(), Set.of()))
                    .isSubsetOf(vendor.customers());
            // No vendor changes orders or payments in normal traffic: api.sensitive_write must stay quiet.
            assertThat(day.operationsByClient.get(vendor.id()))
                    .noneMatch(op -> op.matches("(PUT|PATCH|POST|DELETE) /(orders|payments)\\b.*"));
        }
        assertThat(day.typeByClient).containsEntry("web-storefront", "first_party");
        assertThat((double) day.errors / day.calls).isLessThan(0.02);
    }

    @Test
    void hostsNeverScanOrSweep() {
        assertThat(day.ports).isSubsetOf(443, 80, 53, 5432, 6379, 9092, 8200);
        assertThat(day.portsPerPair.max).as("distinct ports per (src, dst) in 1 min").isLessThanOrEqualTo(3);
        assertThat(day.destinations.max).as("distinct destinations per source in 1 min").isLessThan(100);
    }

    @Test
    void nothingComesFromAttackerAddressRanges() {
        assertThat(day.attackerAddresses).isEmpty();
    }

    @Test
    void aBusyHourAtOneThousandEventsPerSecondStillMeetsNoLoginThreshold() {
        // The guarantee is structural, not a matter of low rates: 300,000 events in 5 minutes, 5,000 users.
        LoginThresholds thresholds = new LoginThresholds();
        Simulation simulation = Simulation.create(Runs.settings("normal", 1_000, Duration.ZERO, Duration.ofMinutes(5))
                .withStart(Runs.START.plus(Duration.ofHours(6)))); // 14:00 UTC, the daily peak
        simulation.forEachRemaining(e -> {
            if (e.event() instanceof AuthEvent login) {
                thresholds.accept(login);
            }
        });
        assertThat(thresholds.logins).isGreaterThan(60_000);
        assertThat(thresholds.bruteForce).isEmpty();
        assertThat(thresholds.spray).isEmpty();
        assertThat(thresholds.successAfterFailures).isEmpty();
        assertThat(thresholds.typos).isGreaterThan(1_000);
    }

    /** Max distinct destination ports per (source, destination) within any minute. */
    static final class PortsPerPair {
        private final Map<String, ArrayDeque<long[]>> recent = new HashMap<>();
        int max;

        void accept(NetworkEvent flow) {
            long t = flow.timestamp().toEpochMilli();
            ArrayDeque<long[]> q = recent.computeIfAbsent(flow.srcIp() + ">" + flow.dstIp(), k -> new ArrayDeque<>());
            while (!q.isEmpty() && q.peekFirst()[0] < t - 60_000) {
                q.pollFirst();
            }
            q.addLast(new long[] {t, flow.dstPort()});
            Set<Long> ports = new HashSet<>();
            q.forEach(entry -> ports.add(entry[1]));
            max = Math.max(max, ports.size());
        }
    }

    /** Max distinct destinations per source within any minute. */
    static final class DestinationsPerSource {
        private final Map<String, ArrayDeque<Object[]>> recent = new HashMap<>();
        int max;

        void accept(NetworkEvent flow) {
            long t = flow.timestamp().toEpochMilli();
            ArrayDeque<Object[]> q = recent.computeIfAbsent(flow.srcIp(), k -> new ArrayDeque<>());
            while (!q.isEmpty() && (long) q.peekFirst()[0] < t - 60_000) {
                q.pollFirst();
            }
            q.addLast(new Object[] {t, flow.dstIp()});
            Set<Object> destinations = new HashSet<>();
            q.forEach(entry -> destinations.add(entry[1]));
            max = Math.max(max, destinations.size());
        }
    }
}
