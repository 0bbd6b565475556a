package io.breachwatch.detector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.app.DetectorApp;
import io.breachwatch.detector.cli.BreachwatchCli;
import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.engine.GroupDetector;
import io.breachwatch.detector.local.LocalBroker;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.detector.replay.Replay;
import io.breachwatch.detector.replay.ReplaySummary;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.DeadLetter;
import io.breachwatch.schema.json.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forensic replay two ways over the same files gives the same alerts: offline ({@link Replay#run}, no broker) and
 * {@code replay --to-kafka} (the CLI) into isolated replay topics on a real broker, detected there by a separate
 * application id with {@code max-age none}, exactly as the command's printed settings say.
 */
@Tag("broker")
@Timeout(240)
class ReplayEquivalenceIT {
    private static final DateTimeFormatter SYSLOG_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    @RegisterExtension
    static final LocalBroker BROKER = new LocalBroker();

    @Test
    void replayIntoKafkaRaisesTheSameAlertsAsOfflineReplay(@TempDir Path dir) throws Exception {
        Instant t0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        int year = t0.atZone(ZoneOffset.UTC).getYear();
        List<Path> files = List.of(writeJsonl(dir.resolve("auth.jsonl"), authTraffic(t0)),
                writeJsonl(dir.resolve("api.jsonl"), apiTraffic(t0)), writeSyslog(dir.resolve("secure.log"), t0));

        // Offline: the engine in memory, with the defaults the replay command uses.
        DetectorConfig defaults = DetectorConfig.defaults().withMaxAge(null);
        List<Alert> offline = new ArrayList<>();
        ReplaySummary summary = new Replay(DetectionEngine.of(defaults.rules(), defaults.grace()),
                new Replay.Options(null, year, ZoneOffset.UTC, 1_000_000))
                .run(files, offline::add, incident -> { }, (bytes, events) -> { });
        assertThat(summary.unparseable()).isZero();
        assertThat(offline).extracting(a -> a.ruleId() + " " + a.entity()).contains(
                "auth.brute_force.source source_ip=203.0.113.7",
                "auth.password_spray source_ip=192.0.2.50",
                "auth.brute_force.source source_ip=203.0.113.99",
                "api.error_burst client_id+source_ip=probe-client,198.51.100.77");

        // Into Kafka through the command line. One partition per replay topic: see the note at the bottom.
        String prefix = "bw-it-replay-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(List.of("replay", "--to-kafka", "--bootstrap-servers",
                BROKER.kafka().bootstrapServers(), "--replay-prefix", prefix,
                "--year", Integer.toString(year), "--zone", "UTC", "--progress", "none"));
        files.forEach(f -> args.add(f.toString()));
        String printed = runCapturingStdout(args.toArray(String[]::new));
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher set = Pattern.compile("--set (\\S+)=(\\S+)").matcher(printed);
        while (set.find()) {
            settings.put(set.group(1), set.group(2));
        }
        assertThat(printed).contains("bin/breachwatch run --bootstrap-servers " + BROKER.kafka().bootstrapServers());
        assertThat(settings).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, prefix)
                .containsEntry(DetectorConfig.TOPIC_AUTH, prefix + ".events.auth")
                .containsEntry(DetectorConfig.TOPIC_API, prefix + ".events.api")
                .containsEntry(DetectorConfig.TOPIC_NET, prefix + ".events.net")
                .containsEntry(DetectorConfig.TOPIC_ALERTS, prefix + ".alerts")
                .containsEntry(DetectorConfig.TOPIC_INCIDENTS, prefix + ".incidents")
                .containsEntry(DetectorConfig.TOPIC_DEAD_LETTERS, prefix + ".dead-letters")
                .containsEntry(DetectorConfig.MAX_AGE, "none");

        // The separate detector, configured with exactly the printed settings.
        Map<String, String> overrides = new HashMap<>(settings);
        overrides.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.kafka().bootstrapServers());
        overrides.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bw-it-state").toString());
        DetectorConfig config = ConfigSources.defaults().withOverrides(overrides).build();
        List<String> consumed = new ArrayList<>(config.topics().inputs());
        for (GroupDetector detector : DetectionEngine.of(config.rules(), config.grace()).groups()) {
            consumed.add(config.applicationId() + "-" + detector.group().name() + "-repartition");
        }
        consumed.add(config.applicationId() + "-incident-correlation-repartition");
        try (DetectorApp detector = new DetectorApp(config, DetectorMetrics.unexported()).start()) {
            assertThat(detector.awaitRunning(Duration.ofSeconds(60))).isTrue();
            BrokerFixture.await("the replay detector to consume the replayed events", Duration.ofSeconds(120),
                    () -> BrokerFixture.caughtUp(BROKER.kafka().admin(), config.applicationId(), consumed));
            assertThat(detector.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }

        List<Alert> live = BrokerFixture.readCommitted(config.topics().alerts(), config, Alert.class);
        assertThat(live).extracting(Alert::alertId)
                .containsExactlyInAnyOrderElementsOf(offline.stream().map(Alert::alertId).toList());
        assertThat(live).extracting(a -> a.alertId() + " " + a.ruleId() + " " + a.entity())
                .containsExactlyInAnyOrderElementsOf(
                        offline.stream().map(a -> a.alertId() + " " + a.ruleId() + " " + a.entity()).toList());
        // Hours-old events are detected, not dead-lettered as too old (max-age none).
        assertThat(BrokerFixture.readCommitted(config.topics().deadLetters(), config, DeadLetter.class)).isEmpty();

        // Why the ids are identical: an alert id is a hash of rule, entity and episode start, and the episode start
        // is a function of the order in which that entity's events reach its rule group. Offline, that order is the
        // replay's (event time after the reorder buffer). --to-kafka sends in that same order from an idempotent
        // producer (order kept across retries) keyed by the entity a producer uses, so each source's events sit in
        // one partition in replay order. Rule groups keyed by something else (user, platform, client+address) are
        // fed through repartition topics from every input partition: with more than one, Kafka Streams interleaves
        // the partitions only approximately by timestamp, so an entity's events could reach its group in another
        // order than offline. One partition per input topic makes each group's input order exactly the replay's,
        // hence the same episodes and the same ids: --to-kafka creates replay topics with one partition by default.
    }

    /** 300 normal logins, a brute force on root and a password spray, written shuffled (the replay re-sorts). */
    private static List<AuthEvent> authTraffic(Instant t0) {
        Random random = new Random(7);
        List<AuthEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int user = random.nextInt(100);
            events.add(auth("a" + i, t0.plusSeconds(i * 7L), "user" + user, "10.1.0." + user, AuthOutcome.SUCCESS));
        }
        for (int i = 0; i < 10; i++) {
            events.add(auth("bf" + i, t0.plusSeconds(600 + i * 5L), "root", "203.0.113.7", AuthOutcome.FAILURE));
        }
        for (int i = 0; i < 24; i++) {
            events.add(auth("sp" + i, t0.plusSeconds(900 + i * 10L), "acct" + (i % 12), "192.0.2.50",
                    AuthOutcome.FAILURE));
        }
        Collections.shuffle(events, random);
        return events;
    }

    private static AuthEvent auth(String id, Instant time, String user, String ip, AuthOutcome outcome) {
        return new AuthEvent("it-" + id, time, user, ip, outcome, "password", null, "sshd", "h1");
    }

    /** 300 normal first-party API calls and one client probing (30 errors in 30 s from one address). */
    private static List<ApiCallEvent> apiTraffic(Instant t0) {
        Random random = new Random(11);
        List<ApiCallEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int client = random.nextInt(5);
            events.add(api("c" + i, t0.plusSeconds(i * 6L), "app-" + client, "10.2.0." + client, 200));
        }
        int[] statuses = {401, 403, 404};
        for (int i = 0; i < 30; i++) {
            events.add(api("eb" + i, t0.plusSeconds(1200 + i), "probe-client", "198.51.100.77", statuses[i % 3]));
        }
        return events;
    }

    private static ApiCallEvent api(String id, Instant time, String client, String ip, int status) {
        return new ApiCallEvent("it-" + id, time, client, "first_party", ip, "GET", "GET /orders/{id}", status,
                512L, 1L, null);
    }

    /** Raw sshd syslog: a few accepted logins and a brute force from 203.0.113.99 against invalid users. */
    private static Path writeSyslog(Path file, Instant t0) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Instant time = t0.plusSeconds(1500 + i * 4L);
            if (i % 3 == 0) {
                lines.add(SYSLOG_TIME.format(time) + " bastion sshd[" + (2000 + i) + "]: Accepted publickey for alice"
                        + " from 10.1.0." + i + " port " + (40000 + i) + " ssh2");
            } else {
                lines.add(SYSLOG_TIME.format(time) + " bastion sshd[" + (2000 + i) + "]: Failed password for root"
                        + " from 203.0.113.99 port " + (50000 + i) + " ssh2");
            }
        }
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static Path writeJsonl(Path file, List<? extends CanonicalEvent> events) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        for (CanonicalEvent event : events) {
            lines.add(new String(EventJson.strict().write(event), StandardCharsets.UTF_8));
        }
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static String runCapturingStdout(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            exit = BreachwatchCli.execute(args);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);
        assertThat(exit).as("replay --to-kafka exit code; output:%n%s", output).isZero();
        return output;
    }

}
