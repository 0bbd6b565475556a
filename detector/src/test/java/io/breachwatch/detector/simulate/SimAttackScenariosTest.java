package io.breachwatch.detector.simulate;

import static io.breachwatch.detector.simulate.Runs.maxInWindow;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.NetworkEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each attack scenario contains the attack it claims, measured independently from the events (not from the
 * scenario's own bookkeeping), inside the stage windows it announces, on top of the normal background. Runs at
 * 200 events/s with the attack 20 minutes in, so that there is a habit to compare against.
 */
@Timeout(120)
class SimAttackScenariosTest {
    private static final double RATE = 200;
    private static final Duration WARM_UP = Duration.ofMinutes(20);

    /** The scenario's events: warm-up, the attack, and five minutes after it. */
    private static Run run(String scenario) {
        Simulation probe = Runs.simulate(scenario, RATE, WARM_UP, Duration.ofMinutes(1));
        Duration attackLength = Duration.between(probe.scenario().attackStart().orElseThrow(),
                probe.scenario().attackEnd().orElseThrow());
        Simulation simulation = Runs.simulate(scenario, RATE, WARM_UP,
                WARM_UP.plus(attackLength).plus(Duration.ofMinutes(5)));
        return new Run(simulation.scenario(), Runs.all(simulation));
    }

    private record Run(Scenario scenario, List<SimulatedEvent> events) {
        Instant attackStart() {
            return scenario.attackStart().orElseThrow();
        }

        Instant attackEnd() {
            return scenario.attackEnd().orElseThrow();
        }

        /** Events that are the attack's: every event id not from the normal model ("-n-"). */
        List<SimulatedEvent> attack() {
            return events.stream().filter(e -> !e.event().eventId().contains("-n-")).toList();
        }

        List<AuthEvent> loginsFrom(Predicate<String> source) {
            return Runs.logins(events).stream().filter(l -> source.test(l.sourceIp())).toList();
        }

        boolean beforeAttack(Instant t) {
            return t.isBefore(attackStart());
        }
    }

    private static List<Long> times(Collection<? extends io.breachwatch.schema.CanonicalEvent> events) {
        return events.stream().map(e -> e.timestamp().toEpochMilli()).sorted().toList();
    }

    // ---- what every attack scenario promises ----

    @Test
    void everyScenarioPlansItsSignalsAndAttackers() {
        Map<String, Set<String>> expected = new TreeMap<>();
        Map<String, List<Entity>> attackers = new TreeMap<>();
        for (String name : Scenarios.names()) {
            Scenario s = Runs.simulate(name, RATE, WARM_UP, Duration.ofMinutes(1)).scenario();
            expected.put(name, s.expectedSignals());
            attackers.put(name, s.attackers());
            assertThat(s.incidentalSignals().stream().filter(s.expectedSignals()::contains)).isEmpty();
        }
        assertThat(expected).containsExactlyInAnyOrderEntriesOf(Map.of(
                "normal", Set.of(),
                "brute-force", Set.of("auth.brute_force.source", "auth.brute_force.account"),
                "password-spray", Set.of("auth.password_spray", "auth.brute_force.source"),
                "credential-stuffing", Set.of("auth.credential_stuffing"),
                "success-after-failures", Set.of("auth.success_after_failures"),
                "vendor-api-exfiltration", Scenarios.VENDOR_SIGNALS,
                "port-scan", Set.of("net.port_scan", "net.host_sweep"),
                "egress-spike", Set.of("net.egress_spike"),
                "march-incident", union(Scenarios.VENDOR_SIGNALS, Set.of("auth.failure_surge", "net.egress_spike",
                        "incident.breach_in_progress"))));
        assertThat(Scenarios.VENDOR_SIGNALS).containsExactlyInAnyOrder("api.vendor_volume_anomaly",
                "api.vendor_data_volume", "api.record_harvesting", "api.new_endpoint", "api.sensitive_write",
                "api.credential_new_source");
        assertThat(attackers.get("normal")).isEmpty();
        assertThat(attackers.get("brute-force")).containsExactly(Entity.sourceIp("203.0.113.66"));
        assertThat(attackers.get("password-spray")).containsExactly(Entity.sourceIp("198.51.100.77"));
        assertThat(attackers.get("credential-stuffing")).hasSize(4);
        assertThat(attackers.get("vendor-api-exfiltration")).extracting(Entity::type)
                .containsExactly("api_client", "source_ip");
    }

    @Test
    void attackEventsStayInsideTheirAnnouncedWindowsAndComeFromAttackerRanges() {
        for (String name : Scenarios.names()) {
            if (name.equals("normal")) {
                continue;
            }
            Simulation simulation = Runs.simulate(name, RATE, WARM_UP, WARM_UP.plus(Duration.ofMinutes(35)));
            Scenario scenario = simulation.scenario();
            assertThat(scenario.attackStart()).contains(Runs.START.plus(WARM_UP));
            long attackEvents = 0;
            while (simulation.hasNext()) {
                SimulatedEvent e = simulation.next();
                if (e.event().eventId().contains("-n-")) {
                    // Normal traffic never comes from attacker ranges.
                    assertThat(Addresses.isAttackerRange(sourceOf(e))).as("%s: %s", name, e).isFalse();
                } else {
                    attackEvents++;
                    assertThat(scenario.stages()).as("%s: %s", name, e).anyMatch(s -> s.contains(e.timestamp()));
                }
            }
            assertThat(attackEvents).as(name).isPositive();
        }
    }

    private static String sourceOf(SimulatedEvent e) {
        if (e.event() instanceof AuthEvent a) {
            return a.sourceIp();
        }
        if (e.event() instanceof ApiCallEvent c) {
            return c.sourceIp();
        }
        return ((NetworkEvent) e.event()).srcIp();
    }

    // ---- logins ----

    @Test
    void bruteForceIsDozensOfFailuresAgainstRootFromOneAddressWithinTwoMinutes() {
        Run run = run("brute-force");
        List<AuthEvent> attempts = run.loginsFrom("203.0.113.66"::equals);

        assertThat(attempts).hasSize(60).allMatch(AuthEvent::failed);
        assertThat(maxInWindow(times(attempts), Duration.ofMinutes(2))).isEqualTo(60); // threshold: 8
        List<AuthEvent> root = attempts.stream().filter(a -> "root".equals(a.user())).toList();
        assertThat(maxInWindow(times(root), Duration.ofMinutes(5))).isGreaterThanOrEqualTo(30); // threshold: 10
        assertThat(attempts).extracting(AuthEvent::user).isSubsetOf("root", "admin", "administrator", "ubuntu",
                "test", "oracle");
    }

    @Test
    void passwordSprayIsManyAccountsFewTriesEachWithinFiveMinutes() {
        Run run = run("password-spray");
        List<AuthEvent> attempts = run.loginsFrom("198.51.100.77"::equals);
        Map<String, Long> perAccount = attempts.stream()
                .collect(Collectors.groupingBy(AuthEvent::user, Collectors.counting()));

        assertThat(attempts).allMatch(AuthEvent::failed);
        assertThat(perAccount).hasSize(40);
        assertThat(perAccount.values()).allMatch(n -> n <= 2);
        assertThat(maxInWindow(times(attempts), Duration.ofMinutes(5))).isEqualTo(attempts.size())
                .isGreaterThanOrEqualTo(40); // thresholds: ≥ 10 accounts and ≥ 20 failures in 5 min
        long top = perAccount.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat((double) top / attempts.size()).isLessThanOrEqualTo(0.5);
        // Real accounts are among the targets, not only generic names.
        Set<String> users = Population.generate(Runs.SEED, Population.Settings.DEFAULT)
                .users().stream().map(Population.User::name).collect(Collectors.toSet());
        assertThat(perAccount.keySet().stream().filter(users::contains)).hasSize(28);
    }

    @Test
    void credentialStuffingIsManyAccountsAtMostTwoTriesEachFromAFewAddressesWithAFewSuccesses() {
        Run run = run("credential-stuffing");
        Set<String> sources = Set.of("203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13");
        List<AuthEvent> attempts = run.loginsFrom(sources::contains);
        Map<String, Long> perAccount = attempts.stream()
                .collect(Collectors.groupingBy(AuthEvent::user, Collectors.counting()));

        assertThat(perAccount).hasSize(100);
        assertThat(perAccount.values()).allMatch(n -> n <= 2);
        assertThat(maxDistinctAccountsInTenMinutes(attempts)).isGreaterThanOrEqualTo(50); // threshold: 15
        assertThat(attempts.stream().filter(a -> !a.failed())).hasSize(4);
        assertThat(attempts.stream().map(AuthEvent::sourceIp).distinct()).hasSize(4);
        // Each source stays below the spray pace: < 20 failures in any 5 minutes.
        for (String source : sources) {
            List<AuthEvent> fromOne = attempts.stream().filter(a -> a.sourceIp().equals(source) && a.failed())
                    .toList();
            assertThat(maxInWindow(times(fromOne), Duration.ofMinutes(5))).as(source).isLessThan(20);
        }
    }

    private static long maxDistinctAccountsInTenMinutes(List<AuthEvent> attempts) {
        long best = 0;
        for (AuthEvent a : attempts) {
            Instant end = a.timestamp().plus(Duration.ofMinutes(10));
            best = Math.max(best, attempts.stream().filter(b -> !b.timestamp().isBefore(a.timestamp())
                    && !b.timestamp().isAfter(end)).map(AuthEvent::user).distinct().count());
        }
        return best;
    }

    @Test
    void successAfterFailuresIsSixFailuresThenASuccessWithinTenMinutesButNoBruteForce() {
        Run run = run("success-after-failures");
        List<AuthEvent> attempts = run.loginsFrom("192.0.2.45"::equals);

        assertThat(attempts).hasSize(7);
        assertThat(attempts.subList(0, 6)).allMatch(AuthEvent::failed);
        AuthEvent success = attempts.get(6);
        assertThat(success.failed()).isFalse();
        assertThat(attempts).extracting(AuthEvent::user).containsOnly(success.user());
        assertThat(Duration.between(attempts.get(0).timestamp(), success.timestamp()))
                .isLessThan(Duration.ofMinutes(10));
        assertThat(maxInWindow(times(attempts.subList(0, 6)), Duration.ofMinutes(2))).isLessThan(8);
        assertThat(run.scenario().attackers()).contains(Entity.user(success.user()));
    }

    // ---- API ----

    @Test
    void vendorExfiltrationCallsNewEndpointsFromANewAddressReadingTenfoldItsHabit() {
        Run run = run("vendor-api-exfiltration");
        String vendor = run.scenario().attackers().get(0).value();
        List<ApiCallEvent> calls = Runs.calls(run.events()).stream().filter(c -> c.clientId().equals(vendor))
                .toList();
        List<ApiCallEvent> habit = calls.stream().filter(c -> run.beforeAttack(c.timestamp())).toList();
        List<ApiCallEvent> attack = calls.stream().filter(c -> c.sourceIp().equals("203.0.113.200")).toList();
        Duration attackLength = Duration.between(run.attackStart(), run.attackEnd());
        // The habit over an equally long window just before the attack.
        List<ApiCallEvent> before = habit.stream()
                .filter(c -> !c.timestamp().isBefore(run.attackStart().minus(attackLength))).toList();
        List<ApiCallEvent> during = calls.stream().filter(c -> !run.beforeAttack(c.timestamp())
                && !c.timestamp().isAfter(run.attackEnd())).toList();

        assertThat(habit).hasSizeGreaterThan(1_000);
        assertThat(attack).hasSizeGreaterThan(1_000);
        assertThat(attack).allMatch(c -> c.clientType().equals("third_party"));
        Set<String> habitOperations = habit.stream().map(ApiCallEvent::operation).collect(Collectors.toSet());
        Set<String> habitSources = habit.stream().map(ApiCallEvent::sourceIp).collect(Collectors.toSet());
        assertThat(attack).noneMatch(c -> habitOperations.contains(c.operation()));
        assertThat(habitSources).doesNotContain("203.0.113.200");
        assertThat(attack).extracting(ApiCallEvent::operation).contains("PUT /orders/{id}", "PATCH /payments/{id}",
                "GET /orders/export");
        // Volume, data and customers, all against the same-length window before.
        assertThat(during.size()).isGreaterThanOrEqualTo(4 * before.size());
        assertThat(sum(during, ApiCallEvent::records)).isGreaterThanOrEqualTo(10 * sum(before, ApiCallEvent::records));
        assertThat(sum(during, ApiCallEvent::responseBytes))
                .isGreaterThanOrEqualTo(10 * sum(before, ApiCallEvent::responseBytes));
        assertThat(distinctCustomers(during)).isGreaterThanOrEqualTo(10 * distinctCustomers(before));
        Set<String> habitCustomers = habit.stream().map(ApiCallEvent::customerId).filter(c -> c != null)
                .collect(Collectors.toSet());
        assertThat(attack).noneMatch(c -> c.customerId() != null && habitCustomers.contains(c.customerId()));
        // The real integration keeps running alongside.
        assertThat(during).anyMatch(c -> habitSources.contains(c.sourceIp()));
    }

    private static long sum(List<ApiCallEvent> calls, java.util.function.Function<ApiCallEvent, Long> field) {
        return calls.stream().map(field).filter(v -> v != null).mapToLong(Long::longValue).sum();
    }

    private static long distinctCustomers(List<ApiCallEvent> calls) {
        return calls.stream().map(ApiCallEvent::customerId).filter(c -> c != null).distinct().count();
    }

    // ---- network ----

    @Test
    void portScanProbesOverOneHundredPortsOnSeveralHostsWithinAMinuteAfterASweep() {
        Run run = run("port-scan");
        String scanner = run.scenario().attackers().get(0).value();
        List<NetworkEvent> probes = Runs.flows(run.attack());

        assertThat(probes).allMatch(p -> p.srcIp().equals(scanner));
        Map<String, List<NetworkEvent>> byTarget = probes.stream()
                .collect(Collectors.groupingBy(NetworkEvent::dstIp));
        int scannedHosts = 0;
        for (List<NetworkEvent> toOne : byTarget.values()) {
            if (maxDistinctPortsInAMinute(toOne) >= 25) {
                scannedHosts++;
                assertThat(toOne.stream().map(NetworkEvent::dstPort).distinct().count()).isGreaterThanOrEqualTo(100);
            }
        }
        assertThat(scannedHosts).isEqualTo(6); // threshold: ≥ 25 ports per (src, dst) in 1 min
        assertThat(maxDistinctDestinationsInAMinute(probes)).isGreaterThanOrEqualTo(100); // sweep threshold: 100
        long quiet = probes.stream().filter(p -> p.state().equals("S0") || p.state().equals("REJ")).count();
        assertThat((double) quiet / probes.size()).isGreaterThan(0.9);
        assertThat(probes).allMatch(p -> p.bytesOut() <= 60);
    }

    private static int maxDistinctPortsInAMinute(List<NetworkEvent> flows) {
        int best = 0;
        for (NetworkEvent f : flows) {
            long t = f.timestamp().toEpochMilli();
            best = Math.max(best, (int) flows.stream().filter(g -> g.timestamp().toEpochMilli() >= t
                    && g.timestamp().toEpochMilli() < t + 60_000).map(NetworkEvent::dstPort).distinct().count());
        }
        return best;
    }

    private static int maxDistinctDestinationsInAMinute(List<NetworkEvent> flows) {
        int best = 0;
        for (NetworkEvent f : flows) {
            long t = f.timestamp().toEpochMilli();
            best = Math.max(best, (int) flows.stream().filter(g -> g.timestamp().toEpochMilli() >= t
                    && g.timestamp().toEpochMilli() < t + 60_000).map(NetworkEvent::dstIp).distinct().count());
        }
        return best;
    }

    @Test
    void egressSpikeSendsAtLeastFiftyTimesTheHostsUsualBytesToOneExternalAddress() {
        Run run = run("egress-spike");
        String host = run.scenario().attackers().get(0).value();
        List<NetworkEvent> hostFlows = Runs.flows(run.events()).stream().filter(f -> f.srcIp().equals(host)).toList();
        List<NetworkEvent> exfil = hostFlows.stream().filter(f -> f.dstIp().equals("203.0.113.250")).toList();
        List<NetworkEvent> habit = hostFlows.stream().filter(f -> run.beforeAttack(f.timestamp())).toList();
        long median = median(habit.stream().map(NetworkEvent::bytesOut).toList());
        Duration length = Duration.between(run.attackStart(), run.attackEnd());

        assertThat(habit).hasSizeGreaterThan(100);
        assertThat(exfil).hasSizeGreaterThan(100).allMatch(f -> f.bytesOut() >= 50 * median);
        assertThat(habit).noneMatch(f -> f.dstIp().equals("203.0.113.250"));
        long before = bytesOut(hostFlows, run.attackStart().minus(length), run.attackStart());
        long during = bytesOut(hostFlows, run.attackStart(), run.attackEnd());
        assertThat(during).isGreaterThanOrEqualTo(50 * before);
    }

    private static long bytesOut(List<NetworkEvent> flows, Instant from, Instant to) {
        return flows.stream().filter(f -> !f.timestamp().isBefore(from) && f.timestamp().isBefore(to))
                .mapToLong(NetworkEvent::bytesOut).sum();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    // ---- the March incident ----

    @Test
    void marchIncidentStagesVendorAbuseALoginSurgeAndRisingEgressWithinThirtyMinutes() {
        Run run = run("march-incident");
        List<AttackStage> stages = run.scenario().stages();
        assertThat(stages).hasSize(3);
        assertThat(Duration.between(run.attackStart(), run.attackEnd())).isLessThanOrEqualTo(Duration.ofMinutes(30));
        Instant surgeStart = stages.get(1).start();
        Instant surgeEnd = stages.get(1).end();

        // 1. The vendor credential: from a new address, reading and altering orders and payments.
        String vendor = stages.get(0).attackers().get(0).value();
        List<ApiCallEvent> abuse = Runs.calls(run.events()).stream()
                .filter(c -> c.clientId().equals(vendor) && c.sourceIp().equals("203.0.113.200")).toList();
        assertThat(abuse).extracting(ApiCallEvent::operation).contains("PUT /orders/{id}", "PATCH /payments/{id}");
        assertThat(abuse).allMatch(c -> stages.get(0).contains(c.timestamp()));

        // 2. The surge: platform-wide failures at several times the normal rate, from many addresses, none of
        //    which alone meets the brute-force threshold.
        List<AuthEvent> failures = Runs.logins(run.events()).stream().filter(AuthEvent::failed).toList();
        double normalPerMinute = failures.stream().filter(f -> run.beforeAttack(f.timestamp())).count()
                / (double) WARM_UP.toMinutes();
        List<AuthEvent> surge = failures.stream().filter(f -> stages.get(1).contains(f.timestamp())).toList();
        double surgePerMinute = surge.size() / (double) Duration.between(surgeStart, surgeEnd).toMinutes();
        assertThat(surgePerMinute).isGreaterThanOrEqualTo(5 * normalPerMinute);
        Map<String, List<Long>> bySource = new HashMap<>();
        surge.stream().filter(f -> Addresses.isAttackerRange(f.sourceIp())).forEach(f -> bySource
                .computeIfAbsent(f.sourceIp(), k -> new ArrayList<>()).add(f.timestamp().toEpochMilli()));
        assertThat(bySource).hasSizeGreaterThanOrEqualTo(40);
        assertThat(bySource.values()).allMatch(t -> maxInWindow(t, Duration.ofMinutes(2)) < 8);
        Set<String> accounts = new HashSet<>();
        surge.forEach(f -> accounts.add(f.user()));
        assertThat(accounts).hasSizeGreaterThan(200);

        // 3. Egress from one host, rising: its last five minutes send ≥ 50× its usual bytes.
        String host = stages.get(2).attackers().get(0).value();
        List<NetworkEvent> hostFlows = Runs.flows(run.events()).stream().filter(f -> f.srcIp().equals(host)).toList();
        Duration five = Duration.ofMinutes(5);
        long usual = bytesOut(hostFlows, run.attackStart().minus(five), run.attackStart());
        Instant egressEnd = stages.get(2).end();
        long early = bytesOut(hostFlows, stages.get(2).start(), stages.get(2).start().plus(five));
        long late = bytesOut(hostFlows, egressEnd.minus(five), egressEnd);
        assertThat(late).isGreaterThanOrEqualTo(50 * usual).isGreaterThan(3 * early);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
