package io.breachwatch.detector.topology;

import static io.breachwatch.detector.reliability.CardinalityAttack.ATTACK_START;
import static io.breachwatch.detector.reliability.CardinalityAttack.STAFF;
import static io.breachwatch.detector.reliability.CardinalityAttack.VENDORS;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.metrics.Observability;
import io.breachwatch.detector.reliability.CardinalityAttack;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.json.EventJson;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7, item 6 through the real topology: the live stores hold the hostile entities while they can matter and
 * the wall-clock purge deletes them once the group's stream time is past their retention; the Prometheus scrape
 * gains no series from thousands of distinct users, addresses and API client ids (only per-rule alert series), and
 * no label value anywhere is one of them. Scale is set by {@link TopologyTestDriver}, which commits after every
 * record (about 600 events/s here); {@code CardinalityAttackTest} takes the million through the same engine.
 */
class StatePurgeUnderCardinalityTest {
    private static final int LOGINS = 2_000;
    private static final int API_KEYS = 1_000;
    private static final CardinalityAttack ATTACK = new CardinalityAttack(LOGINS, Duration.ofMinutes(10), 2, 100,
            Duration.ofSeconds(5), API_KEYS, Duration.ofMinutes(10), ATTACK_START.plus(Duration.ofHours(2)));
    private static final Instant MONTH_LATER = ATTACK_START.plus(Duration.ofDays(31));
    /** The wall clock the screening judges event times by: after every event of the test. */
    private static final Clock CLOCK = Clock.fixed(MONTH_LATER.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    /** MetricsEndpointIT's budget for the whole scrape of a running detector: per-entity series cannot fit. */
    private static final int SERIES_BUDGET = 3_500;
    private static final Pattern LABEL_VALUE = Pattern.compile("=\"([^\"]*)\"");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void hostileEntitiesArePurgedAfterTheirRetentionAndNeverBecomeSeries() throws Exception {
        // The month-long span of this test is older than the default 7-day bound on event age
        DetectorConfig config = DetectorConfig.defaults().withMaxAge(null);
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bw-ttd-purge").toString());
        try (Observability observability = new Observability(config);
             TopologyTestDriver driver = new TopologyTestDriver(
                     BreachwatchTopology.build(config, observability.detector(), CLOCK), props)) {
            TestInputTopic<byte[], byte[]> auth = driver.createInputTopic(config.topics().authEvents(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestInputTopic<byte[], byte[]> api = driver.createInputTopic(config.topics().apiEvents(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, Alert> alerts = driver.createOutputTopic(config.topics().alerts(),
                    new StringDeserializer(), config.topics().alertTopic().valueSerde().deserializer());
            CardinalityAttack.Events events = ATTACK.events();
            Set<String> identities = new HashSet<>();

            // Given the warm-up, then the attack: 2,000 logins each from its own address for its own user, two
            // sprayers, 1,000 API calls each with its own client id, all within ten minutes
            long started = System.nanoTime();
            int fed = feed(events, ATTACK_START, auth, api, identities);
            Set<String> seriesBefore = series(observability.registry().scrape());
            int kafkaMetricsBefore = driver.metrics().size();
            fed += feed(events, ATTACK_START.plus(Duration.ofMinutes(11)), auth, api, identities);
            double eventsPerSecond = fed / ((System.nanoTime() - started) / 1e9);

            // Then every entity is in its group's store
            Map<String, Long> held = entries(driver);
            assertThat(held).containsEntry("auth-by-source-ip-state", (long) STAFF + LOGINS + ATTACK.sprayers())
                    .containsEntry("auth-by-user-state", (long) STAFF + LOGINS)
                    .containsEntry("auth-by-platform-state", 1L)
                    .containsEntry("api-by-client-id-state", (long) VENDORS + API_KEYS)
                    .containsEntry("api-by-client-id-and-source-ip-state", (long) VENDORS + API_KEYS)
                    .containsEntry("api-by-source-ip-state", 1L);
            // And the attack raised aggregate alerts only: the platform surge, one per sprayer and rule, and one
            // api.key_enumeration for the address that tried the 1,000 client ids
            List<String> raised = alerts.readValuesToList().stream().map(a -> a.ruleId() + " " + a.entity())
                    .collect(Collectors.toCollection(ArrayList::new));
            List<String> expected = new ArrayList<>(List.of("auth.failure_surge platform=platform",
                    "api.key_enumeration source_ip=" + CardinalityAttack.KEY_SPRAYER));
            for (int k = 0; k < ATTACK.sprayers(); k++) {
                String sprayer = " source_ip=" + CardinalityAttack.sprayerIp(k);
                expected.addAll(List.of("auth.brute_force.source" + sprayer, "auth.credential_stuffing" + sprayer,
                        "auth.password_spray" + sprayer));
            }
            assertThat(raised).containsExactlyInAnyOrderElementsOf(expected);

            // When the wall-clock purge runs while the attack is recent, it deletes nothing
            long scanStarted = System.nanoTime();
            driver.advanceWallClockTime(GroupDetections.PURGE_INTERVAL);
            double scanMicrosPerEntity = (System.nanoTime() - scanStarted) / 1e3 / total(held);
            assertThat(entries(driver)).isEqualTo(held);

            // When two hours of background traffic and one more failed login move the groups' stream time on
            fed += feed(events, ATTACK.end(), auth, api, identities);
            send(auth, api, new AuthEvent("late-failure", ATTACK.end(), CardinalityAttack.staffUser(0),
                    CardinalityAttack.staffIp(0), AuthOutcome.FAILURE, "password", "bad_password", "web", null));
            long purgeStarted = System.nanoTime();
            driver.advanceWallClockTime(GroupDetections.PURGE_INTERVAL);
            long purgeNanos = System.nanoTime() - purgeStarted;
            long purged = total(held) - total(entries(driver));
            double purgeMicrosPerEntity = purgeNanos / 1e3 / purged;

            // Then the login groups and the per-address API group hold background entities only, while the API
            // client group keeps its 30-day first-seen memory of every client id
            assertThat(keys(driver, "auth-by-source-ip-state")).isNotEmpty()
                    .allMatch(ip -> ip.startsWith("192.0.2."));
            assertThat(keys(driver, "auth-by-user-state")).containsExactly(CardinalityAttack.staffUser(0));
            assertThat(keys(driver, "api-by-client-id-and-source-ip-state")).hasSize(VENDORS)
                    .allMatch(key -> key.startsWith("vendor-"));
            assertThat(entries(driver)).containsEntry("api-by-client-id-state", (long) VENDORS + API_KEYS);
            // The refused-calls group (api.key_enumeration) sees only 401/403, so its stream time stays at the key
            // spray: it keeps the sprayer's address until the next refused call, one entity within its budget
            assertThat(keys(driver, "api-by-source-ip-state")).containsExactly(CardinalityAttack.KEY_SPRAYER);

            // When one vendor calls a month later, once refused (its token had expired) and then successfully
            send(auth, api, new ApiCallEvent("month-later-refused", MONTH_LATER, CardinalityAttack.vendor(0),
                    "third_party", CardinalityAttack.vendorIp(0), "GET", "GET /orders/{id}", 401, 0L, null, null));
            send(auth, api, new ApiCallEvent("month-later", MONTH_LATER, CardinalityAttack.vendor(0), "third_party",
                    CardinalityAttack.vendorIp(0), "GET", "GET /orders/{id}", 200, 2_048L, 1L, "c1"));
            driver.advanceWallClockTime(GroupDetections.PURGE_INTERVAL);

            // Then the 1,000 client ids, silent for longer than the 30-day retention, are gone too, and so is the
            // key sprayer's address
            assertThat(keys(driver, "api-by-client-id-state")).containsExactly(CardinalityAttack.vendor(0));
            assertThat(keys(driver, "api-by-source-ip-state")).containsExactly(CardinalityAttack.vendorIp(0));

            // And the scrape gained only per-rule alert series, and holds no user, address or client id
            String scrape = observability.registry().scrape();
            Set<String> seriesAfter = series(scrape);
            // JVM series come and go with GC causes and memory pools (closed sets of the JVM's own); ours must not
            Set<String> added = seriesAfter.stream().filter(s -> s.startsWith("breachwatch_"))
                    .collect(Collectors.toCollection(TreeSet::new));
            added.removeAll(seriesBefore);
            Set<String> firedRules = raised.stream().map(r -> r.substring(0, r.indexOf(' ')))
                    .collect(Collectors.toSet());
            assertThat(added).isNotEmpty().allSatisfy(s -> {
                assertThat(s).startsWith("breachwatch_alert");
                assertThat(ruleLabel(s)).isIn(firedRules);
            });
            Set<String> labelValues = labelValues(scrape);
            labelValues.addAll(driver.metrics().keySet().stream().flatMap(n -> n.tags().values().stream()).toList());
            assertThat(labelValues).doesNotContainAnyElementsOf(identities)
                    .noneMatch(v -> IPV4.matcher(v).find() || v.contains("@"));
            assertThat(driver.metrics()).hasSize(kafkaMetricsBefore);
            // And the whole would-be scrape stays within MetricsEndpointIT's budget: breachwatch, JVM and process
            // series, plus at most one series per Kafka Streams metric (what Micrometer's binder exports of them)
            int wouldBeSeries = seriesAfter.size() + driver.metrics().size();
            assertThat(wouldBeSeries).isLessThanOrEqualTo(SERIES_BUDGET);

            System.out.printf("Cardinality attack, live topology (TopologyTestDriver): %,d events at %.0f/s;"
                            + " held before the purge %s; after: %s%n", fed + 2, eventsPerSecond, held,
                    entries(driver));
            System.out.printf("  purge: %.1f µs per held entity to scan %,d entities and delete none, %.1f µs per"
                            + " entity to delete %,d; Prometheus series: %d before the attack, %d after (+%d, all"
                            + " per-rule alert series); Kafka Streams metrics: %d, unchanged; %,d distinct"
                            + " identities, none in any label%n", scanMicrosPerEntity, total(held),
                    purgeMicrosPerEntity, purged, seriesBefore.size(), seriesAfter.size(), added.size(),
                    kafkaMetricsBefore, identities.size());
            System.out.printf("RELIABILITY cardinality: engine=topology events=%d distinct_identities=%d"
                            + " store_entries_before_purge=%d store_entries_after_purge=%d purged=%d"
                            + " series_before=%d series_after=%d kafka_streams_metrics=%d series_total=%d budget=%d%n",
                    fed + 2, identities.size(), total(held), total(entries(driver)), purged, seriesBefore.size(),
                    seriesAfter.size(), kafkaMetricsBefore, wouldBeSeries, SERIES_BUDGET);
        }
    }

    private static int feed(CardinalityAttack.Events events, Instant until, TestInputTopic<byte[], byte[]> auth,
                            TestInputTopic<byte[], byte[]> api, Set<String> identities) {
        int fed = 0;
        while (events.hasNextBefore(until)) {
            CanonicalEvent event = events.next();
            if (event instanceof AuthEvent login) {
                identities.add(login.user());
                identities.add(login.sourceIp());
            } else if (event instanceof ApiCallEvent call) {
                identities.add(call.clientId());
                identities.add(call.sourceIp());
            }
            send(auth, api, event);
            fed++;
        }
        return fed;
    }

    private static void send(TestInputTopic<byte[], byte[]> auth, TestInputTopic<byte[], byte[]> api,
                             CanonicalEvent event) {
        (event instanceof AuthEvent ? auth : api).pipeInput(null, EventJson.strict().write(event));
    }

    /**
     * Entities per group store. TopologyTestDriver commits after every record, and a commit writes every changed
     * cached entity down, so the underlying store holds them all.
     */
    private static Map<String, Long> entries(TopologyTestDriver driver) {
        Map<String, Long> counts = new TreeMap<>();
        driver.getAllStateStores().forEach((name, store) -> {
            if (store instanceof EntityStateStore entities) {
                counts.put(name, (long) keys(driver, name).size());
            }
        });
        return counts;
    }

    private static List<String> keys(TopologyTestDriver driver, String store) {
        EntityStateStore entities = (EntityStateStore) driver.getStateStore(store);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = entities.wrapped().all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private static long total(Map<String, Long> held) {
        return held.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Series identities of a Prometheus text scrape: name and labels, without the value. */
    private static Set<String> series(String scrape) {
        return scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.substring(0, l.lastIndexOf(' '))).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String ruleLabel(String series) {
        Matcher m = Pattern.compile("rule=\"([^\"]*)\"").matcher(series);
        return m.find() ? m.group(1) : "";
    }

    private static Set<String> labelValues(String scrape) {
        Set<String> values = new TreeSet<>();
        Matcher m = LABEL_VALUE.matcher(scrape);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }
}
