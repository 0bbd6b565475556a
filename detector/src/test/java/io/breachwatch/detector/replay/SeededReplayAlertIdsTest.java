package io.breachwatch.detector.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.simulate.ScenarioSequence;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.json.EventJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts of a seeded replay are pinned, ids and order included: every attack scenario of the simulator in turn
 * (one continuous event-time line, the replay benchmark's input at a lower rate) written as one mixed canonical JSON
 * lines file and replayed with the full default catalogue. A change to parsing, ordering or the engine that changes
 * any alert (a performance change must not) shows up here as a diff of the golden file. Regenerate it only for an
 * intended change of what is detected, with {@code -Dbreachwatch.golden.update=true}.
 */
class SeededReplayAlertIdsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/seeded-replay-alerts.txt");
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    /** Enough for every scenario's segment once: 20 + 35 minutes, then 7 × 40 minutes, at 40 events/s. */
    private static final int EVENTS = 800_000;

    @TempDir
    Path dir;

    @Test
    void theSeededReplayRaisesExactlyThePinnedAlerts() throws IOException {
        Path file = dir.resolve("tour.jsonl");
        ScenarioSequence tour = new ScenarioSequence(START, 1, 40);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < EVENTS; i++) {
                out.write(EventJson.strict().write(tour.next().event()));
                out.write('\n');
            }
        }
        DetectorConfig config = DetectorConfig.defaults().withMaxAge(null);
        Replay replay = new Replay(DetectionEngine.of(config.rules(), config.grace()),
                new Replay.Options(null, 2026, ZoneOffset.UTC, 1_000_000));
        List<String> lines = new ArrayList<>();
        List<Incident> incidents = new ArrayList<>();
        ReplaySummary summary = replay.run(List.of(file), (Alert a) -> lines.add(a.detectedAt() + " " + a.alertId()
                + " " + a.ruleId() + " " + a.entity().type() + "=" + a.entity().value() + " observed=" + a.observed()),
                incidents::add, (bytes, events) -> { });
        incidents.forEach(i -> lines.add("incident " + i.incidentId() + " " + i.ruleIds()));
        String actual = String.join("\n", lines) + "\n";
        if (Boolean.getBoolean("breachwatch.golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }

        assertThat(summary.events()).isEqualTo(EVENTS);
        assertThat(summary.unparseable()).isZero();
        assertThat(tour.scenariosStarted()).containsAll(ScenarioSequence.order());
        assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
        // Worth pinning: most of the catalogue fires somewhere in the tour.
        Set<String> rules = new TreeSet<>();
        lines.stream().filter(l -> !l.startsWith("incident")).forEach(l -> rules.add(l.split(" ")[2]));
        assertThat(rules).hasSizeGreaterThanOrEqualTo(10);
    }
}
