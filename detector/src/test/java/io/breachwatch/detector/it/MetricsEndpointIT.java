package io.breachwatch.detector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.engine.GroupDetector;
import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A running detector serves Prometheus metrics and health: every metric family the dashboard and the alert rules
 * use is present, readiness follows the Kafka Streams state, and after 100,000 distinct users and addresses have
 * passed through a real broker the number of series is unchanged and no label value is a user, an address or an
 * email.
 */
@Tag("broker")
@Timeout(420)
class MetricsEndpointIT {
    /** Distinct users and source addresses pushed through the detector: a credential-stuffing-sized crowd. */
    static final int CROWD = 100_000;

    /**
     * The whole scrape, every family, may not exceed this many series. Measured with the catalogue of 19 rules and
     * this test's topology (4 partitions per input topic, 7 rule groups, 17 tasks, 1 stream thread): 2,545 series,
     * the same before and after the crowd. 419 were breachwatch's own, fixed by the rules in force (see
     * {@link #expectedBreachwatchSeries}); about 2,080 are Kafka client metrics, which scale with tasks, partitions
     * and stores (1,127 Kafka Streams, 614 consumer, 259 producer, 60 admin); about 50 are JVM and process metrics.
     * api.key_enumeration, the 20th rule and 8th group, adds 22 of breachwatch's own and the Kafka metrics of one
     * more store and repartition topic per task (not re-measured here). None scales with users or addresses. The
     * budget leaves room for Kafka adding metrics in a minor version, not for per-entity series: one per user would
     * add 100,000.
     */
    static final int SERIES_BUDGET = 3_500;

    /** Every family that docs/operations.md lists and the dashboard or the alert rules read. */
    static final List<String> FAMILIES = List.of(
            "breachwatch_events_total", "breachwatch_dead_letters_total", "breachwatch_late_records_total",
            "breachwatch_alerts_total", "breachwatch_alert_latency_seconds_bucket",
            "breachwatch_alert_latency_seconds_count", "breachwatch_alert_latency_seconds_max",
            "breachwatch_state_store_entries",
            "kafka_stream_client_state", "kafka_stream_alive_stream_threads", "kafka_stream_failed_stream_threads_total",
            "kafka_stream_thread_process_rate", "kafka_stream_thread_commit_latency_avg",
            "kafka_stream_task_dropped_records_total", "kafka_stream_state_total_sst_files_size",
            "kafka_consumer_fetch_manager_records_lag", "kafka_consumer_fetch_manager_records_consumed_total",
            "kafka_producer_record_send_total", "kafka_producer_record_error_total",
            "jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_gc_pause_seconds_count", "jvm_threads_live_threads",
            "process_cpu_usage", "process_uptime_seconds", "process_start_time_seconds", "process_files_open_files");

    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? ", Pattern.MULTILINE);
    private static final Pattern LABEL_VALUE = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}(?![0-9.])");
    private static final Pattern IPV6 = Pattern.compile("(?i)(?<![0-9a-f:])([0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![0-9a-f:])");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@\"]+@[^\\s@\"]+\\.[a-zA-Z]{2,}");

    @Test
    void everyFamilyIsServedAndTheSeriesStayWithinBudgetAfter100kDistinctUsersAndAddresses() throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            DetectorConfig config = BrokerFixture.isolatedConfig(kafka, "metrics");
            try (ServedDetector detector = ServedDetector.create(config);
                 SampleTraffic traffic = new SampleTraffic(config)) {
                // Given a detector that is not yet started: alive, not ready
                assertThat(detector.get("/health/live").statusCode()).isEqualTo(200);
                assertThat(detector.get("/health/ready").statusCode()).isEqualTo(503);
                detector.start();
                assertThat(detector.get("/health/ready").statusCode()).isEqualTo(200);

                // When events of every kind, a brute force, a malformed record and a late event have passed
                traffic.everyKind(Instant.now());
                BrokerFixture.await("the brute-force alert", Duration.ofSeconds(60),
                        () -> detector.observability.detector().alertsRaised("auth.brute_force.source") >= 1);
                awaitStableSeries(detector);

                // Then every family is there, breachwatch's own with exact values
                String before = detector.scrape();
                assertThat(families(before)).containsAll(FAMILIES);
                assertThat(before).contains(
                        "breachwatch_events_total{type=\"auth\"} 12.0",
                        "breachwatch_events_total{type=\"api\"} 1.0",
                        "breachwatch_events_total{type=\"net\"} 1.0",
                        "breachwatch_dead_letters_total{reason=\"malformed_json\",type=\"auth\"} 1.0",
                        // The late event is a successful login: only the per-source group looks at successes
                        // (success after failures), so only it judges the event late.
                        "breachwatch_dead_letters_total{reason=\"late\",type=\"auth\"} 1.0",
                        "breachwatch_late_records_total{group=\"auth-by-source-ip\",type=\"auth\"} 1.0",
                        "breachwatch_late_records_total{group=\"auth-by-user\",type=\"auth\"} 0.0",
                        "breachwatch_late_records_total{group=\"auth-by-platform\",type=\"auth\"} 0.0",
                        "breachwatch_late_records_total{group=\"net-by-src-ip\",type=\"net\"} 0.0",
                        "breachwatch_alerts_total{rule=\"auth.brute_force.source\",severity=\"medium\"} 1.0",
                        "breachwatch_alerts_total{rule=\"net.port_scan\",severity=\"medium\"} 0.0",
                        "breachwatch_alert_latency_seconds_count{rule=\"auth.brute_force.source\"} 1",
                        "kafka_stream_client_state{");
                int seriesBefore = series(before).size();

                // When 100,000 distinct users fail to log in from 100,000 distinct addresses (every third user an
                // email address, every tenth address IPv6)
                Set<String> people = new HashSet<>();
                Instant now = Instant.now();
                for (int i = 0; i < CROWD; i++) {
                    String user = i % 3 == 0 ? "first.last" + i + "@corp.example.com" : "jdoe" + i;
                    String ip = i % 10 == 0 ? "2001:db8::" + Integer.toHexString(i)
                            : "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
                    people.add(user);
                    people.add(ip);
                    traffic.auth(new AuthEvent(SampleTraffic.id(), now.plusMillis(i / 100), user, ip,
                            AuthOutcome.FAILURE, "password", "bad_password", "sshd", "h1"));
                }
                traffic.flush();
                BrokerFixture.await("the detector to hold state for every user", Duration.ofSeconds(300),
                        () -> detector.observability.detector().storeEntries("auth-by-user-state") >= CROWD);
                BrokerFixture.await("the store gauge to be exported", Duration.ofSeconds(30),
                        () -> gauge(scrapeQuietly(detector), "breachwatch_state_store_entries{store=\"auth-by-user-state\"}")
                                >= CROWD);

                awaitStableSeries(detector);

                // Then the state holds 100,000 entities, yet the series are the same ones, within budget, and no label
                // value names a person or an address
                String after = detector.scrape();
                assertThat(gauge(after, "breachwatch_state_store_entries{store=\"auth-by-source-ip-state\"}"))
                        .isGreaterThanOrEqualTo(CROWD);
                assertThat(series(after)).hasSizeLessThanOrEqualTo(SERIES_BUDGET);
                assertThat(breachwatchSeries(after)).containsExactlyInAnyOrderElementsOf(breachwatchSeries(before))
                        .hasSize(expectedBreachwatchSeries(config));
                assertThat(series(after).size()).as("series before %d, after", seriesBefore)
                        .isLessThanOrEqualTo(seriesBefore + 50);

                Set<String> values = labelValues(after);
                assertThat(values).isNotEmpty()
                        .noneMatch(v -> IPV4.matcher(v).find())
                        .noneMatch(v -> IPV6.matcher(v).find())
                        .noneMatch(v -> EMAIL.matcher(v).find())
                        .noneMatch(v -> v.startsWith("jdoe") || v.contains("first.last") || v.contains("late-test"))
                        .noneMatch(people::contains);
            }
        }
    }

    /**
     * breachwatch's own series, all registered before the first event: per event type its counter and one per
     * dead-letter reason; per rule group its late counter and store gauge, plus the incident store; per rule its
     * alert counter and a latency histogram (one series per bucket, +Inf, count, sum, and the max gauge).
     */
    private static int expectedBreachwatchSeries(DetectorConfig config) {
        int types = 3;
        int reasons = io.breachwatch.schema.DeadLetterReason.ALL.size();
        List<GroupDetector> groups = DetectionEngine.of(config.rules(), config.grace()).groups();
        int rules = config.rules().size();
        int histogram = 15 + 1 + 2 + 1;
        return types * (1 + reasons) + groups.size() * 2 + 1 + rules * (1 + histogram);
    }

    /**
     * Waits until the number of series has not changed for longer than Micrometer's refresh of the Kafka metrics:
     * metrics of newly created tasks and processor nodes are bound in the background, in batches.
     */
    private static void awaitStableSeries(ServedDetector detector) throws InterruptedException {
        long quietNanos = io.breachwatch.detector.metrics.Observability.KAFKA_METRICS_REFRESH.plusSeconds(2).toNanos();
        long[] last = {-1, System.nanoTime()};
        BrokerFixture.await("the set of series to settle", Duration.ofSeconds(90), () -> {
            long count = series(scrapeQuietly(detector)).size();
            if (count != last[0]) {
                last[0] = count;
                last[1] = System.nanoTime();
            }
            return System.nanoTime() - last[1] > quietNanos;
        });
    }

    private static String scrapeQuietly(ServedDetector detector) {
        try {
            return detector.scrape();
        } catch (Exception e) {
            return "";
        }
    }

    private static List<String> series(String scrape) {
        List<String> out = new ArrayList<>();
        scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(out::add);
        return out;
    }

    private static List<String> breachwatchSeries(String scrape) {
        return series(scrape).stream().filter(l -> l.startsWith("breachwatch_"))
                .map(l -> l.substring(0, l.lastIndexOf(' '))).toList();
    }

    private static Set<String> families(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = SERIES.matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> labelValues(String scrape) {
        Set<String> values = new TreeSet<>();
        series(scrape).stream().filter(l -> l.contains("{"))
                .map(l -> l.substring(l.indexOf('{') + 1, l.lastIndexOf('}')))
                .flatMap(labels -> {
                    Matcher m = LABEL_VALUE.matcher(labels);
                    Stream.Builder<String> found = Stream.builder();
                    while (m.find()) {
                        found.add(m.group(1));
                    }
                    return found.build();
                })
                .forEach(values::add);
        return values;
    }

    private static double gauge(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(
                l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
