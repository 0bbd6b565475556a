package io.breachwatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.cli.BreachwatchCli;
import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.core.Pseudonyms;
import io.breachwatch.detector.detections.Logins;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.json.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a pseudonymization key configured, alerts name users and e-mail addresses only by their keyed pseudonyms, in
 * the entity, the evidence, the summary and the alert id, and live processing (the topology) and offline replay
 * (the engine directly, and the replay command) raise the very same alerts.
 */
class PseudonymizedAlertsTest {
    private static final String KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final Pseudonyms PSEUDONYMS = Pseudonyms.withKey(KEY.getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    /** A brute force against alice's account, a spray over user0..user11, and bob@example.com guessed then in. */
    private static List<AuthEvent> attacks() {
        List<AuthEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(Logins.failure("198.51.100." + (10 + i), "alice", "11:00:" + String.format("%02d", i * 3)));
        }
        events.addAll(Logins.spray("192.0.2.50", "11:10:00", 12, 2, 5));
        events.addAll(Logins.failures("198.51.100.23", "bob@example.com", "11:20:00", 5, 20));
        events.add(Logins.success("198.51.100.23", "bob@example.com", "11:22:00"));
        return events;
    }

    private DetectorConfig config(String key) throws IOException {
        Path file = dir.resolve("key-" + key.hashCode());
        Files.writeString(file, key + "\n");
        return ConfigSources.defaults().withOverrides(Map.of(DetectorConfig.PSEUDONYMIZE_KEY_FILE, file.toString()))
                .build();
    }

    private static List<Alert> live(DetectorConfig config, List<AuthEvent> events) {
        try (TopologyHarness bw = new TopologyHarness(config, DetectorMetrics.unexported())) {
            bw.send(events);
            return bw.alerts.readValuesToList();
        }
    }

    @Test
    void alertsCarryPseudonymsOnlyAndBothDriversRaiseTheSameOnes() throws IOException {
        // Given the key, and the attacks
        DetectorConfig config = config(KEY);
        List<AuthEvent> events = attacks();

        // When they run through the topology and through the offline engine
        List<Alert> live = live(config, events);
        List<Alert> offline = new OfflineDetection(config).feedAll(events);

        // Then both raise the same alerts, ids included
        assertThat(live).containsExactlyInAnyOrderElementsOf(offline);
        assertThat(live).extracting(Alert::ruleId).contains("auth.brute_force.account", "auth.password_spray",
                "auth.success_after_failures");
        // And no alert names a user: not in its JSON, summary, evidence or entity
        String json = live.stream().map(a -> EventJson.strict().writeString(a)).collect(Collectors.joining("\n"));
        assertThat(json).doesNotContain("alice", "bob", "example.com").doesNotContainPattern("user\\d");
        // And each names them by their pseudonym instead
        Alert account = live.stream().filter(a -> a.ruleId().equals("auth.brute_force.account")).findFirst()
                .orElseThrow();
        assertThat(account.entity()).isEqualTo(Entity.user(PSEUDONYMS.of("alice")));
        assertThat(account.summary()).contains(PSEUDONYMS.of("alice"));
        Alert spray = live.stream().filter(a -> a.ruleId().equals("auth.password_spray")).findFirst().orElseThrow();
        assertThat(spray.entity()).isEqualTo(Entity.sourceIp("192.0.2.50"));
        assertThat(spray.evidence().breakdown()).containsEntry("user:" + PSEUDONYMS.of("user0"), 2L);
        Alert success = live.stream().filter(a -> a.ruleId().equals("auth.success_after_failures")).findFirst()
                .orElseThrow();
        assertThat(success.summary()).startsWith("Login succeeded for " + PSEUDONYMS.of("bob@example.com") + " from");
        assertThat(success.evidence().breakdown()).containsKey("then:" + PSEUDONYMS.of("bob@example.com"));
    }

    @Test
    void pseudonymousAlertIdsAreStableUnderOneKeyAndDifferFromNamedOnes() throws IOException {
        List<AuthEvent> events = attacks();

        List<String> first = live(config(KEY), events).stream().map(Alert::alertId).toList();
        List<String> again = live(config(KEY), events).stream().map(Alert::alertId).toList();
        List<String> otherKey = live(config("another-key-of-thirty-two-bytes!"), events).stream()
                .map(Alert::alertId).toList();
        List<String> named = live(DetectorConfig.defaults(), events).stream().map(Alert::alertId).toList();

        assertThat(again).isEqualTo(first);
        // The spray's and brute force's source entity has no personal data: only alerts about users change id
        assertThat(first).hasSameSizeAs(named).doesNotContainAnyElementsOf(otherKey.stream()
                .filter(id -> !named.contains(id)).toList());
        assertThat(first.stream().filter(named::contains).count()).isEqualTo(
                live(DetectorConfig.defaults(), events).stream()
                        .filter(a -> !a.entity().type().equals("user")).count());
    }

    @Test
    void theReplayCommandReadsTheKeyFromItsSettingsAndWritesTheSameAlerts() throws IOException {
        // Given the attacks as canonical JSON lines and the key file named with --set
        List<AuthEvent> events = attacks();
        Path input = dir.resolve("auth.jsonl");
        Files.write(input, events.stream().map(e -> EventJson.strict().writeString(e)).toList());
        Path key = dir.resolve("replay.key");
        Files.writeString(key, KEY);
        Path out = dir.resolve("alerts.jsonl");

        // When
        int exit = BreachwatchCli.execute("replay", "--progress", "none", "--set",
                DetectorConfig.PSEUDONYMIZE_KEY_FILE + "=" + key, "--out", out.toString(), input.toString());

        // Then it writes exactly the topology's alerts
        assertThat(exit).isZero();
        List<Alert> replayed = Files.readAllLines(out).stream()
                .map(line -> EventJson.strict().read(line.getBytes(StandardCharsets.UTF_8), Alert.class)).toList();
        assertThat(replayed).containsExactlyInAnyOrderElementsOf(live(config(KEY), events));
        assertThat(Files.readString(out)).doesNotContain("alice", "bob@");
    }
}
