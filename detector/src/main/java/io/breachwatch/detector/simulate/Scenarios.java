package io.breachwatch.detector.simulate;

import static io.breachwatch.detector.simulate.Signals.BREACH_IN_PROGRESS;
import static io.breachwatch.detector.simulate.Signals.BRUTE_FORCE_ACCOUNT;
import static io.breachwatch.detector.simulate.Signals.BRUTE_FORCE_SOURCE;
import static io.breachwatch.detector.simulate.Signals.CREDENTIAL_NEW_SOURCE;
import static io.breachwatch.detector.simulate.Signals.CREDENTIAL_STUFFING;
import static io.breachwatch.detector.simulate.Signals.EGRESS_SPIKE;
import static io.breachwatch.detector.simulate.Signals.FAILURE_SURGE;
import static io.breachwatch.detector.simulate.Signals.HOST_SWEEP;
import static io.breachwatch.detector.simulate.Signals.NEW_ENDPOINT;
import static io.breachwatch.detector.simulate.Signals.PASSWORD_SPRAY;
import static io.breachwatch.detector.simulate.Signals.PORT_SCAN;
import static io.breachwatch.detector.simulate.Signals.RECORD_HARVESTING;
import static io.breachwatch.detector.simulate.Signals.SENSITIVE_WRITE;
import static io.breachwatch.detector.simulate.Signals.SUCCESS_AFTER_FAILURES;
import static io.breachwatch.detector.simulate.Signals.VENDOR_DATA_VOLUME;
import static io.breachwatch.detector.simulate.Signals.VENDOR_VOLUME_ANOMALY;

import io.breachwatch.schema.Entity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The scenario catalogue: the normal background and one scenario per attack the detection catalogue covers, up to
 * the reference story of the March incident. Attacks scale themselves against the background at their start time
 * (see {@link TrafficProfile}), so each holds at any rate: the vendor credential is abused at 5× its habitual call
 * rate, the failed-login surge runs at 8× the normal failure rate, the egress at 50–100× the host's habit.
 */
public final class Scenarios {

    /**
     * A named scenario.
     *
     * @param name        command-line name
     * @param description one line for `simulate --list`
     */
    public record Entry(String name, String description) {
    }

    private record Definition(Entry entry, Function<ScenarioContext, Scenario> planner) {
        Definition(String name, String description, Function<ScenarioContext, Scenario> planner) {
            this(new Entry(name, description), planner);
        }
    }

    static final Set<String> VENDOR_SIGNALS = Set.of(VENDOR_VOLUME_ANOMALY, VENDOR_DATA_VOLUME, RECORD_HARVESTING,
            NEW_ENDPOINT, SENSITIVE_WRITE, CREDENTIAL_NEW_SOURCE);
    /** How much harder than its habit a stolen vendor credential is driven. */
    static final double VENDOR_ABUSE_FACTOR = 5;
    /** How far the failed-login surge exceeds the normal platform-wide failure rate. */
    static final double SURGE_FACTOR = 8;
    static final Duration VENDOR_ABUSE = Duration.ofMinutes(15);
    static final Duration EGRESS = Duration.ofMinutes(10);

    private static final List<Definition> ALL = List.of(
            new Definition("normal", "ordinary traffic only: logins with the odd typo, vendor API habits, host egress; "
                    + "should raise nothing", Scenarios::normal),
            new Definition("brute-force", "one address fails 60 SSH logins for root/admin in 90 s",
                    Scenarios::bruteForce),
            new Definition("password-spray", "one address tries 40 accounts once or twice each within 4 minutes",
                    Scenarios::passwordSpray),
            new Definition("credential-stuffing", "4 addresses replay leaked credentials for 100 accounts (<= 2 tries "
                    + "each) over 15 minutes; 4 succeed", Scenarios::credentialStuffing),
            new Definition("success-after-failures", "one address fails 6 times for one account, then gets in, within "
                    + "5 minutes", Scenarios::successAfterFailures),
            new Definition("vendor-api-exfiltration", "a vendor's API credential used from a new address: new "
                    + "endpoints, bulk reads of customers and orders, changes to orders and payments",
                    Scenarios::vendorExfiltration),
            new Definition("port-scan", "an internal host sweeps its /24 on port 445, then scans 120 ports on 6 hosts",
                    Scenarios::portScan),
            new Definition("egress-spike", "an internal host sends 60-100x its usual bytes to one external address for "
                    + "10 minutes", Scenarios::egressSpike),
            new Definition("march-incident", "the reference story: vendor credential abuse reading and altering orders "
                    + "and payments, a platform-wide failed-login surge, rising egress; 30 minutes", Scenarios::march));

    private Scenarios() {
    }

    public static List<Entry> all() {
        return ALL.stream().map(Definition::entry).toList();
    }

    public static List<String> names() {
        return ALL.stream().map(d -> d.entry().name()).toList();
    }

    /** @throws IllegalArgumentException naming the known scenarios */
    public static Entry named(String name) {
        return definition(name).entry();
    }

    static Scenario plan(String name, ScenarioContext ctx) {
        return definition(name).planner().apply(ctx);
    }

    private static Definition definition(String name) {
        return ALL.stream().filter(d -> d.entry().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + name + "'; scenarios: "
                        + String.join(", ", names())));
    }

    // ---- planners ----

    private static Scenario normal(ScenarioContext ctx) {
        return new Planned(named("normal"), List.of(), Set.of(), Set.of(), List::of);
    }

    private static Scenario bruteForce(ScenarioContext ctx) {
        long start = ctx.attackStart();
        AttackStage stage = stage("brute force against root over SSH", start, BruteForceAttack.DURATION,
                Set.of(BRUTE_FORCE_SOURCE, BRUTE_FORCE_ACCOUNT), List.of(Entity.sourceIp(BruteForceAttack.SOURCE)));
        return new Planned(named("brute-force"), List.of(stage), Set.of(), Set.of(),
                () -> List.of(new BruteForceAttack(start, ctx.rng("brute-force"), ctx.ids("bf"))));
    }

    private static Scenario passwordSpray(ScenarioContext ctx) {
        long start = ctx.attackStart();
        AttackStage stage = stage("password spray across 40 accounts", start, PasswordSprayAttack.DURATION,
                Set.of(PASSWORD_SPRAY, BRUTE_FORCE_SOURCE), List.of(Entity.sourceIp(PasswordSprayAttack.SOURCE)));
        return new Planned(named("password-spray"), List.of(stage), Set.of(), Set.of(CREDENTIAL_STUFFING),
                () -> List.of(new PasswordSprayAttack(start, ctx.population(), ctx.rng("password-spray"),
                        ctx.ids("ps"))));
    }

    private static Scenario credentialStuffing(ScenarioContext ctx) {
        long start = ctx.attackStart();
        AttackStage stage = stage("credential stuffing from 4 addresses", start, CredentialStuffingAttack.DURATION,
                Set.of(CREDENTIAL_STUFFING),
                CredentialStuffingAttack.SOURCES.stream().map(Entity::sourceIp).toList());
        return new Planned(named("credential-stuffing"), List.of(stage), Set.of(),
                Set.of(SUCCESS_AFTER_FAILURES, BRUTE_FORCE_SOURCE),
                () -> List.of(new CredentialStuffingAttack(start, ctx.population(), ctx.rng("credential-stuffing"),
                        ctx.ids("cs"))));
    }

    private static Scenario successAfterFailures(ScenarioContext ctx) {
        long start = ctx.attackStart();
        Rng pick = ctx.rng("success-after-failures.victim");
        Population.User victim;
        do {
            victim = pick.pick(ctx.population().users());
        } while (victim.office());
        String name = victim.name();
        AttackStage stage = stage("six failures, then a success, for " + name, start,
                SuccessAfterFailuresAttack.DURATION, Set.of(SUCCESS_AFTER_FAILURES),
                List.of(Entity.sourceIp(SuccessAfterFailuresAttack.SOURCE), Entity.user(name)));
        return new Planned(named("success-after-failures"), List.of(stage), Set.of(), Set.of(),
                () -> List.of(new SuccessAfterFailuresAttack(start, name, ctx.rng("success-after-failures"),
                        ctx.ids("saf"))));
    }

    private static Scenario vendorExfiltration(ScenarioContext ctx) {
        long start = ctx.attackStart();
        Population.ApiClient vendor = ctx.rng("vendor-api-exfiltration.vendor").pick(ctx.population().vendors());
        double rate = vendorAbuseRate(ctx, vendor, start);
        long end = start + VENDOR_ABUSE.toMillis();
        AttackStage stage = stage("stolen credential of " + vendor.id() + " harvests and alters data", start,
                VENDOR_ABUSE, VENDOR_SIGNALS, List.of(apiClient(vendor.id()),
                        Entity.sourceIp(VendorExfiltrationAttack.NEW_SOURCE)));
        return new Planned(named("vendor-api-exfiltration"), List.of(stage), Set.of(), Set.of(),
                () -> List.of(new VendorExfiltrationAttack(vendor, start, end, start + 120_000, rate,
                        ctx.rng("vendor-api-exfiltration"), ctx.ids("vx"))));
    }

    private static Scenario portScan(ScenarioContext ctx) {
        long start = ctx.attackStart();
        Population.Host scanner = ctx.rng("port-scan.scanner").pick(ctx.population().hosts());
        List<Entity> who = List.of(Entity.sourceIp(scanner.ip()));
        AttackStage sweep = stage("sweep of the /24 on port 445", start, PortScanAttack.SWEEP, Set.of(HOST_SWEEP),
                who);
        AttackStage scan = stage("scan of 120 ports on 6 hosts",
                start + PortScanAttack.SWEEP.plus(PortScanAttack.PAUSE).toMillis(), PortScanAttack.SCAN,
                Set.of(PORT_SCAN), who);
        return new Planned(named("port-scan"), List.of(sweep, scan), Set.of(), Set.of(),
                () -> List.of(new PortScanAttack(ctx.population(), scanner, start, ctx.rng("port-scan"),
                        ctx.ids("scan"))));
    }

    private static Scenario egressSpike(ScenarioContext ctx) {
        long start = ctx.attackStart();
        Population.Host host = ctx.rng("egress-spike.host").pick(ctx.population().hosts());
        double usual = ctx.profile().hostBytesOutRate(host, start);
        AttackStage stage = stage("egress from " + host.ip() + " to " + EgressSpikeAttack.DESTINATION, start, EGRESS,
                Set.of(EGRESS_SPIKE), List.of(host(host.ip())));
        return new Planned(named("egress-spike"), List.of(stage), Set.of(), Set.of(),
                () -> List.of(new EgressSpikeAttack(host, start, start + EGRESS.toMillis(), usual, 60, 100,
                        ctx.rng("egress-spike"), ctx.ids("egress"))));
    }

    /**
     * The March incident, staged over 30 minutes so that a correlator sees all three families within its window:
     * t+0 the vendor credential starts harvesting (writes to orders and payments from t+8m, until t+25m); t+5m the
     * failed-login surge (15 minutes); t+10m egress from one host starts rising, 5× to 100× by t+30m.
     */
    private static Scenario march(ScenarioContext ctx) {
        long start = ctx.attackStart();
        Population.ApiClient vendor = ctx.rng("march.vendor").pick(ctx.population().vendors());
        Population.Host host = ctx.rng("march.host").pick(ctx.population().hosts());
        double vendorRate = vendorAbuseRate(ctx, vendor, start);
        long surgeStart = start + Duration.ofMinutes(5).toMillis();
        long surgeEnd = surgeStart + Duration.ofMinutes(15).toMillis();
        double surgeRate = Math.max(0.5, SURGE_FACTOR * ctx.profile().failureRate(surgeStart));
        long egressStart = start + Duration.ofMinutes(10).toMillis();
        long egressEnd = egressStart + Duration.ofMinutes(20).toMillis();
        double usual = ctx.profile().hostBytesOutRate(host, egressStart);
        long vendorEnd = start + Duration.ofMinutes(25).toMillis();
        long writesFrom = start + Duration.ofMinutes(8).toMillis();
        int surgeSources = FailedLoginSurgeAttack.sourcesFor(surgeRate);
        List<AttackStage> stages = List.of(
                stage("vendor credential " + vendor.id() + " reads and alters orders and payments", start,
                        Duration.ofMillis(vendorEnd - start), VENDOR_SIGNALS,
                        List.of(apiClient(vendor.id()), Entity.sourceIp(VendorExfiltrationAttack.NEW_SOURCE))),
                stage("failed-login surge from " + surgeSources + " addresses", surgeStart,
                        Duration.ofMillis(surgeEnd - surgeStart), Set.of(FAILURE_SURGE),
                        List.of(new Entity("platform", "auth"))),
                stage("egress from " + host.ip() + " rising to 100x", egressStart,
                        Duration.ofMillis(egressEnd - egressStart), Set.of(EGRESS_SPIKE), List.of(host(host.ip()))));
        return new Planned(named("march-incident"), stages, Set.of(BREACH_IN_PROGRESS),
                Set.of(CREDENTIAL_STUFFING, BRUTE_FORCE_ACCOUNT),
                () -> List.of(
                        new VendorExfiltrationAttack(vendor, start, vendorEnd, writesFrom, vendorRate,
                                ctx.rng("march.vendor-abuse"), ctx.ids("mv")),
                        new FailedLoginSurgeAttack(ctx.population(), surgeStart, surgeEnd, surgeRate,
                                ctx.rng("march.surge"), ctx.ids("ms")),
                        new EgressSpikeAttack(host, egressStart, egressEnd, usual, 5, 100, ctx.rng("march.egress"),
                                ctx.ids("me"))));
    }

    private static double vendorAbuseRate(ScenarioContext ctx, Population.ApiClient vendor, long start) {
        return Math.min(10_000, Math.max(0.5, VENDOR_ABUSE_FACTOR * ctx.profile().clientRate(vendor, start)));
    }

    private static AttackStage stage(String name, long start, Duration duration, Set<String> signals,
                                     List<Entity> attackers) {
        return new AttackStage(name, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + duration.toMillis()),
                signals, attackers);
    }

    private static Entity apiClient(String id) {
        return new Entity("api_client", id);
    }

    private static Entity host(String ip) {
        return new Entity("host", ip);
    }

    /** A scenario as planned by one of the planners above. */
    private static final class Planned implements Scenario {
        private final Entry entry;
        private final List<AttackStage> stages;
        private final Set<String> expected;
        private final Set<String> incidental;
        private final Supplier<List<TrafficModel>> traffic;

        Planned(Entry entry, List<AttackStage> stages, Set<String> correlation, Set<String> incidental,
                Supplier<List<TrafficModel>> traffic) {
            this.entry = entry;
            this.stages = List.copyOf(stages);
            Set<String> all = new LinkedHashSet<>();
            stages.forEach(s -> all.addAll(s.signals()));
            all.addAll(correlation);
            this.expected = Set.copyOf(all);
            this.incidental = Set.copyOf(incidental);
            this.traffic = traffic;
        }

        @Override
        public String name() {
            return entry.name();
        }

        @Override
        public String description() {
            return entry.description();
        }

        @Override
        public List<AttackStage> stages() {
            return stages;
        }

        @Override
        public Set<String> expectedSignals() {
            return expected;
        }

        @Override
        public Set<String> incidentalSignals() {
            return incidental;
        }

        @Override
        public List<TrafficModel> attackTraffic() {
            return new ArrayList<>(traffic.get());
        }

        @Override
        public String toString() {
            return name() + stages.stream().map(s -> s.name() + " " + s.start() + ".." + s.end())
                    .collect(Collectors.joining("; ", " [", "]"));
        }
    }
}
