package io.breachwatch.detector.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.parse.Datasets;
import io.breachwatch.schema.parse.LogParser;
import io.breachwatch.schema.parse.SshdSyslogParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The whole built-in catalogue, read from default-rules.yaml, over the loghub OpenSSH sample: the login rules raise
 * exactly what docs/detections.md says, and the rules added with the file stay quiet where they should.
 */
class DefaultCatalogueOnRealLogsTest {
    private static final String FILE = "loghub-openssh/OpenSSH_2k.log";

    private static Map<String, List<String>> entitiesByRule() throws IOException {
        Optional<Path> file = Datasets.file(FILE);
        assumeTrue(file.isPresent(), () -> Datasets.missing(FILE));
        LogParser parser = new SshdSyslogParser("OpenSSH_2k.log", 2015, ZoneOffset.UTC);
        List<CanonicalEvent> events = new ArrayList<>();
        long lineNumber = 0;
        for (String line : Files.readAllLines(file.get(), StandardCharsets.UTF_8)) {
            events.addAll(parser.parse(line, ++lineNumber).events());
        }
        events.addAll(parser.finish());
        OfflineDetection detection = new OfflineDetection(DetectionEngine.of(new RulesLoader().defaults().enabled(),
                Duration.ofMinutes(15)));
        Map<String, List<String>> byRule = new TreeMap<>();
        for (CanonicalEvent event : events) {
            for (Alert alert : detection.feed(event)) {
                byRule.computeIfAbsent(alert.ruleId(), r -> new ArrayList<>()).add(alert.entity().value());
            }
        }
        return byRule;
    }

    @Test
    void theLoginRulesFromTheFileRaiseWhatTheJavaRulesRaised() throws IOException {
        Map<String, List<String>> alerts = entitiesByRule();

        // docs/detections.md "Tested against real logs": six addresses, two of them twice.
        assertThat(alerts.get("auth.brute_force.source")).containsExactlyInAnyOrder("183.62.140.253",
                "183.62.140.253", "103.99.0.122", "103.99.0.122", "187.141.143.180", "112.95.230.3", "5.188.10.180",
                "185.190.58.151");
        assertThat(alerts.get("auth.password_spray")).containsExactlyInAnyOrder("187.141.143.180", "103.99.0.122");
        assertThat(alerts).doesNotContainKey("auth.success_after_failures");
    }

    @Test
    void theNewAuthRulesFireOnlyWhereTheyShould() throws IOException {
        Map<String, List<String>> alerts = entitiesByRule();

        // The guessed accounts: root and admin take 10 failures within 5 minutes, from one source or several.
        assertThat(alerts.get("auth.brute_force.account")).containsOnly("root", "admin");
        // The sprays here try accounts several times each (the top account holds 7-21 %): not stuffing.
        assertThat(alerts).doesNotContainKey("auth.credential_stuffing");
        // One server's 4 hours of bursty attacks: each burst is one source (the per-source rules' job), and the
        // bursts keep the learned sigma wide, so nothing passes mean + 4 sigma, 3x the mean and 30 a minute.
        assertThat(alerts).doesNotContainKey("auth.failure_surge");
        assertThat(alerts.keySet()).allMatch(rule -> rule.startsWith("auth."));
    }
}
