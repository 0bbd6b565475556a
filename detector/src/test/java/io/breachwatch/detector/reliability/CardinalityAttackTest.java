package io.breachwatch.detector.reliability;

import static io.breachwatch.detector.reliability.CardinalityAttack.ATTACK_START;
import static io.breachwatch.detector.reliability.CardinalityAttack.STAFF;
import static io.breachwatch.detector.reliability.CardinalityAttack.VENDORS;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.engine.GroupDetector;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7, item 6 at engine level: one million distinct user names and source addresses in failed logins, and one
 * million distinct API client ids, through the full built-in catalogue (the same {@link GroupDetector}s the live
 * processors run, driven by {@link OfflineDetection}).
 *
 * <p>What must hold: the entities held never exceed the group's retention budget (the distinct entities that can
 * have been active within the group's retention plus one purge interval) and fall back to the background traffic's
 * once the attack is older than the retention; once every group's retention has passed, a single event finds every
 * group empty but its own entities; heap after GC stays within 2 KiB per entity held plus 64 MiB and returns to
 * where it started; and the attack raises aggregate alerts only, never one per user, address or client id: the
 * platform surge, per login sprayer one brute-force, one spray and one credential-stuffing alert (13), and for the
 * key sprayer's address api.key_enumeration once per suppression period (1 h) while it lasts, 5,748 over its 240 days
 * (at about 2.9 keys a minute it always has 10 distinct refused keys within 10 minutes).
 *
 * <p>Logins are spread over 6 hours (2,778 a minute), API keys over 240 days (about 2.9 a minute, a patient
 * key-sprayer): API client groups keep state for 30 days (first-seen learning), so a spray over a shorter span
 * would simply hold every client id, which is what that budget allows (about 1.2 KB of heap each offline; on
 * disk, not heap, in live processing). Takes about 15 s.
 */
class CardinalityAttackTest {
    private static final int MILLION = 1_000_000;
    private static final CardinalityAttack ATTACK = new CardinalityAttack(MILLION, Duration.ofHours(6), 4, 300,
            Duration.ofMillis(1_800), MILLION, Duration.ofDays(240),
            ATTACK_START.plus(Duration.ofDays(240 + 31)));
    /** Heap allowed per entity held (measured: about 0.9 KiB per login entity, 1.2 KiB per API client id). */
    private static final long BYTES_PER_ENTITY = 2 * 1024;
    /** Heap noise allowed between two measurements after GC (JIT, class metadata, logging buffers). */
    private static final long HEAP_SLACK = 64L << 20;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aMillionDistinctUsersAddressesAndClientsStayWithinTheRetentionBudgetAndRaiseOnlyAggregateAlerts() {
        DetectorConfig config = DetectorConfig.defaults();
        DetectionEngine engine = DetectionEngine.of(config.rules(), config.grace());
        OfflineDetection detection = new OfflineDetection(engine);
        Map<String, Long> budget = budgets(engine);
        Map<String, Long> peak = new LinkedHashMap<>();
        // "rule entity" of every alert, not the alerts: the key sprayer's thousands of alerts are the test's, not the
        // detection's, and must not count in the heap measured after the attack
        List<String> alerts = new ArrayList<>();
        List<String> report = new ArrayList<>();
        long started = System.nanoTime();

        CardinalityAttack.Events events = ATTACK.events();
        Instant authOver = ATTACK_START.plus(ATTACK.loginSpan());
        Instant authForgotten = authOver.plus(longestRetention(engine, "auth-"))
                .plusMillis(OfflineDetection.PURGE_EVERY_MILLIS).plus(Duration.ofMinutes(5));
        Instant apiOver = ATTACK_START.plus(ATTACK.apiSpan());
        long feed = 0;

        // Given the background traffic and its warm-up
        feed += feedUntil(events, ATTACK_START, detection, alerts, peak);
        long heapBefore = usedHeapAfterGc();
        report.add(line("before the attack", detection, heapBefore, heapBefore));

        // When a million logins, each from its own address for its own user, arrive over six hours
        feed += feedUntil(events, authOver, detection, alerts, peak);
        long heapAuthPeak = usedHeapAfterGc();
        report.add(line("end of the login attack", detection, heapAuthPeak, heapBefore));
        Map<String, Long> atAuthPeak = detection.entitiesByGroup();

        // Then, once they are older than the login groups' retention, the login groups are back to the staff's
        feed += feedUntil(events, authForgotten, detection, alerts, peak);
        report.add(line("login retention later", detection, usedHeapAfterGc(), heapBefore));
        Map<String, Long> afterAuthRetention = detection.entitiesByGroup();

        // When the API key spray has run its 240 days
        feed += feedUntil(events, apiOver, detection, alerts, peak);
        long heapApiPeak = usedHeapAfterGc();
        report.add(line("end of the API key spray", detection, heapApiPeak, heapBefore));
        Map<String, Long> atApiPeak = detection.entitiesByGroup();

        // Then 31 quiet days later only the background traffic's entities are left
        feed += feedUntil(events, Instant.MAX, detection, alerts, peak);
        long heapAfter = usedHeapAfterGc();
        report.add(line("31 days after the attack", detection, heapAfter, heapBefore));
        Map<String, Long> atEnd = detection.entitiesByGroup();

        // When one more failed login comes after every group's retention has passed since the last event
        Instant sentinelTime = ATTACK.end().plus(longestRetention(engine, ""))
                .plusMillis(OfflineDetection.PURGE_EVERY_MILLIS).plus(Duration.ofMinutes(1));
        detection.feed(new AuthEvent("sentinel", sentinelTime, CardinalityAttack.staffUser(0),
                CardinalityAttack.staffIp(0), AuthOutcome.FAILURE, "password", "bad_password", "web", null))
                .forEach(a -> alerts.add(describe(a)));
        feed++;
        // Then the purge before it deleted every entity: only the sentinel's own are held, one per login group
        Map<String, Long> afterSentinel = detection.entitiesByGroup();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        System.out.printf("Cardinality attack, offline engine: %,d events (1,000,000 distinct users and addresses,"
                + " 1,000,000 distinct API client ids) in %d s%n", feed, seconds);
        System.out.printf("  %-32s %14s %14s %12s%n", "rule group", "retention", "budget", "peak held");
        budget.forEach((group, limit) -> System.out.printf("  %-32s %14s %,14d %,12d%n", group,
                retentionOf(engine, group), limit, peak.getOrDefault(group, 0L)));
        report.forEach(System.out::println);
        System.out.printf("  alerts: %d in all: %s%n", alerts.size(), alerts.stream().collect(
                Collectors.groupingBy(a -> a, TreeMap::new, Collectors.counting())));
        System.out.printf("RELIABILITY cardinality: engine=offline events=%d distinct_users=%d distinct_source_ips=%d"
                        + " distinct_api_clients=%d seconds=%d peak_held=%s budget=%s held_after_login_retention=%d"
                        + " held_at_end=%d held_after_every_retention=%d heap_before=%dMiB heap_login_peak=+%dMiB"
                        + " heap_api_peak=+%dMiB heap_after=%+dMiB alerts=%d%n", feed, ATTACK.distinctLogins(),
                ATTACK.distinctLogins(), ATTACK.apiClients(), seconds, peak, budget, total(afterAuthRetention),
                total(atEnd), total(afterSentinel), heapBefore >> 20, (heapAuthPeak - heapBefore) >> 20,
                (heapApiPeak - heapBefore) >> 20, (heapAfter - heapBefore) >> 20, alerts.size());

        budget.forEach((group, limit) -> assertThat(peak.getOrDefault(group, 0L)).as("peak held in %s", group)
                .isLessThanOrEqualTo(limit));
        // The budgets are not vacuous: the attack filled the login and API client groups to a large share of them
        assertThat(atAuthPeak.get("auth-by-source-ip")).isGreaterThan(budget.get("auth-by-source-ip") / 2);
        assertThat(atApiPeak.get("api-by-client-id")).isGreaterThan(budget.get("api-by-client-id") / 2);
        assertThat(afterAuthRetention.get("auth-by-source-ip")).isLessThanOrEqualTo(STAFF);
        assertThat(afterAuthRetention.get("auth-by-user")).isZero();
        assertThat(atEnd.get("auth-by-source-ip")).isLessThanOrEqualTo(STAFF);
        assertThat(atEnd.get("api-by-client-id")).isEqualTo(VENDORS);
        assertThat(atEnd.get("api-by-client-id-and-source-ip")).isEqualTo(VENDORS);
        assertThat(detection.entities()).isEqualTo(3);
        assertThat(afterSentinel).containsExactly(Map.entry("auth-by-source-ip", 1L), Map.entry("auth-by-user", 1L),
                Map.entry("auth-by-platform", 1L), Map.entry("api-by-client-id", 0L),
                Map.entry("api-by-client-id-and-source-ip", 0L), Map.entry("api-by-source-ip", 0L),
                Map.entry("net-by-src-ip", 0L), Map.entry("net-by-src-ip-and-dst-ip", 0L));

        assertThat(heapAuthPeak - heapBefore).as("heap at the login peak")
                .isLessThanOrEqualTo(total(atAuthPeak) * BYTES_PER_ENTITY + HEAP_SLACK);
        assertThat(heapApiPeak - heapBefore).as("heap at the API peak")
                .isLessThanOrEqualTo(total(atApiPeak) * BYTES_PER_ENTITY + HEAP_SLACK);
        assertThat(heapAfter - heapBefore).as("heap after the attack").isLessThanOrEqualTo(HEAP_SLACK);

        List<String> expected = new ArrayList<>(List.of("auth.failure_surge platform=platform"));
        for (int k = 0; k < ATTACK.sprayers(); k++) {
            String sprayer = " source_ip=" + CardinalityAttack.sprayerIp(k);
            expected.addAll(List.of("auth.brute_force.source" + sprayer, "auth.password_spray" + sprayer,
                    "auth.credential_stuffing" + sprayer));
        }
        // The key sprayer: one alert for its address when 10 distinct keys have been refused (the 10th key), then
        // one at the first key a suppression period after each alert, never one per client id
        long step = ATTACK.apiSpan().toMillis() / ATTACK.apiClients();
        long suppression = config.ruleSet().byId("api.key_enumeration").orElseThrow().suppression().toMillis();
        long keysPerAlert = (suppression + step - 1) / step;
        long enumerationAlerts = (ATTACK.apiClients() - 10) / keysPerAlert + 1;
        assertThat(enumerationAlerts).isEqualTo(5_748);
        for (long i = 0; i < enumerationAlerts; i++) {
            expected.add("api.key_enumeration source_ip=" + CardinalityAttack.KEY_SPRAYER);
        }
        assertThat(alerts).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String describe(Alert alert) {
        return alert.ruleId() + " " + alert.entity();
    }

    /**
     * Distinct entities that can be active in a group within its retention plus one purge interval: the attack
     * stream that feeds the group at its rate, plus the fixed background and sprayer entities.
     */
    private static Map<String, Long> budgets(DetectionEngine engine) {
        double loginsPerMilli = (double) ATTACK.distinctLogins() / ATTACK.loginSpan().toMillis();
        double keysPerMilli = (double) ATTACK.apiClients() / ATTACK.apiSpan().toMillis();
        Map<String, Long> budget = new LinkedHashMap<>();
        for (GroupDetector group : engine.groups()) {
            String name = group.group().name();
            long span = group.retention().toMillis() + OfflineDetection.PURGE_EVERY_MILLIS;
            long limit = switch (name) {
                case "auth-by-source-ip" -> (long) Math.ceil(loginsPerMilli * span) + STAFF + ATTACK.sprayers();
                case "auth-by-user" -> (long) Math.ceil(loginsPerMilli * span) + STAFF;
                case "auth-by-platform" -> 1;
                case "api-by-client-id", "api-by-client-id-and-source-ip" ->
                        (long) Math.ceil(keysPerMilli * span) + VENDORS;
                // Refused calls only: the key sprayer's one address (the vendors' calls succeed)
                case "api-by-source-ip" -> 1;
                default -> 0; // network groups: no network events in this traffic
            };
            budget.put(name, limit);
        }
        return budget;
    }

    private static long feedUntil(CardinalityAttack.Events events, Instant until, OfflineDetection detection,
                                  List<String> alerts, Map<String, Long> peak) {
        long fed = 0;
        while (events.hasNext() && (until == Instant.MAX || events.hasNextBefore(until))) {
            for (Alert alert : detection.feed(events.next())) {
                alerts.add(describe(alert));
            }
            fed++;
            // After every event: the peak is the moment before a purge, and purges run every 10 min of event time.
            detection.entitiesByGroup().forEach((group, held) -> peak.merge(group, held, Math::max));
        }
        return fed;
    }

    private static Duration longestRetention(DetectionEngine engine, String prefix) {
        return engine.groups().stream().filter(g -> g.group().name().startsWith(prefix))
                .filter(g -> !g.group().name().equals("auth-by-platform"))
                .map(GroupDetector::retention).max(Duration::compareTo).orElseThrow();
    }

    private static Duration retentionOf(DetectionEngine engine, String group) {
        return engine.groups().stream().filter(g -> g.group().name().equals(group)).findFirst().orElseThrow()
                .retention();
    }

    private static long total(Map<String, Long> held) {
        return held.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String line(String when, OfflineDetection detection, long heap, long heapBefore) {
        return String.format("  %-26s held %,9d entities %s; heap after GC %,5d MB (%+,d MB)", when,
                detection.entities(), detection.entitiesByGroup(), heap >> 20, (heap - heapBefore) >> 20);
    }

    private static long usedHeapAfterGc() {
        // A full collection (G1 and Parallel alike): what is left is what the detection holds, plus the JVM's own.
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
