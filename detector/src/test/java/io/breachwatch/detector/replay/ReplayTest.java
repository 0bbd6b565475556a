package io.breachwatch.detector.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breachwatch.detector.cli.BreachwatchCli;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.json.EventJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline replay: formats, ordering, bad lines counted with their position, and the same alerts as the core. */
class ReplayTest {
    private static final Instant T0 = Instant.parse("2026-03-14T10:00:00Z");

    @TempDir
    Path dir;

    private static DetectionEngine engine() {
        DetectorConfig config = DetectorConfig.defaults();
        return DetectionEngine.of(config.rules(), config.grace());
    }

    private static Replay replay() {
        return new Replay(engine(), new Replay.Options(null, 2026, ZoneOffset.UTC, 1_000_000));
    }

    /** A brute force (12 failures from one address) among ordinary logins, in time order. */
    private static List<AuthEvent> attack() {
        List<AuthEvent> events = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            events.add(new AuthEvent("n" + i, T0.plusSeconds(i), "user" + random.nextInt(50),
                    "10.0.0." + random.nextInt(50), AuthOutcome.SUCCESS, "password", null, "web", null));
        }
        for (int i = 0; i < 12; i++) {
            events.add(new AuthEvent("a" + i, T0.plusSeconds(30 + i * 3L), "root", "203.0.113.7",
                    AuthOutcome.FAILURE, "password", null, "web", null));
        }
        events.sort(java.util.Comparator.comparing(AuthEvent::timestamp));
        return events;
    }

    private Path jsonl(String name, List<AuthEvent> events, String... extraLines) throws IOException {
        List<String> lines = new ArrayList<>();
        events.forEach(e -> lines.add(EventJson.strict().writeString(e)));
        lines.addAll(List.of(extraLines));
        Path file = dir.resolve(name);
        Files.write(file, lines);
        return file;
    }

    private static List<Alert> run(Replay replay, List<Path> inputs) throws IOException {
        List<Alert> alerts = new ArrayList<>();
        replay.run(inputs, alerts::add, incident -> { }, (bytes, events) -> { });
        return alerts;
    }

    @Test
    void canonicalJsonlRaisesTheSameAlertsAsTheCore() throws IOException {
        List<Alert> replayed = run(replay(), List.of(jsonl("auth.jsonl", attack())));

        List<Alert> core = new OfflineDetection(engine()).feedAll(attack());
        assertThat(replayed).isEqualTo(core).extracting(Alert::ruleId).contains("auth.brute_force.source");
    }

    @Test
    void aFileMixingTheThreeEventTypesRaisesTheAlertsOfEach() throws IOException {
        // A brute force (auth) interleaved with a port scan of 30 ports on one host (net), one file.
        List<CanonicalEvent> mixed = new ArrayList<>(attack());
        for (int port = 1; port <= 30; port++) {
            mixed.add(new NetworkEvent("s" + port, T0.plusSeconds(20 + port), "10.0.0.9", 40000, "10.0.0.20", port,
                    "tcp", 0L, 0L, "REJ"));
        }
        mixed.sort(java.util.Comparator.comparing(CanonicalEvent::timestamp));
        Path file = dir.resolve("topics.jsonl");
        Files.write(file, mixed.stream().map(e -> EventJson.strict().writeString(e)).toList());

        List<Alert> replayed = run(replay(), List.of(file));

        assertThat(replayed).isEqualTo(new OfflineDetection(engine()).feedAll(mixed))
                .extracting(Alert::ruleId).contains("auth.brute_force.source", "net.port_scan");
    }

    @Test
    void shuffledInputIsReplayedInEventTimeOrder() throws IOException {
        List<AuthEvent> shuffled = new ArrayList<>(attack());
        Collections.shuffle(shuffled, new Random(9));

        List<Alert> fromShuffled = run(replay(), List.of(jsonl("shuffled.jsonl", shuffled)));

        assertThat(fromShuffled).isEqualTo(run(replay(), List.of(jsonl("sorted.jsonl", attack()))));
    }

    @Test
    void badLinesAreCountedByReasonWithTheirPositionAndDoNotStopTheReplay() throws IOException {
        Path file = jsonl("mixed.jsonl", attack(), "{\"event_id\": ", "{\"event_id\":\"x\"}");

        ReplaySummary summary = replay().run(List.of(file), a -> { }, i -> { }, (b, e) -> { });

        assertThat(summary.events()).isEqualTo(212);
        assertThat(summary.unparseable()).isEqualTo(2);
        assertThat(summary.unparseableByReason()).containsEntry("malformed_json", 1L)
                .containsEntry("invalid_field", 1L);
        assertThat(summary.lines()).anySatisfy(line -> assertThat(line).startsWith("  mixed.jsonl:213: malformed_json"));
        assertThat(summary.alertsByRule()).containsKey("auth.brute_force.source");
        assertThat(summary.eventsByType()).containsEntry(EventType.AUTH, 212L);
        assertThat(summary.firstEvent()).isEqualTo(T0);
    }

    @Test
    void gzipDirectoriesAndGlobsAreInputs() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("logs"));
        Path gz = sub.resolve("auth.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (AuthEvent e : attack()) {
                out.write((EventJson.strict().writeString(e) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        assertThat(Replay.inputs(List.of(sub.toString()))).containsExactly(gz);
        assertThat(Replay.inputs(List.of(dir + "/logs/*.gz"))).containsExactly(gz);
        assertThat(run(replay(), List.of(gz))).extracting(Alert::ruleId).contains("auth.brute_force.source");
    }

    @Test
    void anUnrecognisableFormatAsksForFormat() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello\nthis is not a log\n");

        assertThatThrownBy(() -> run(replay(), List.of(file)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--format");
    }

    @Test
    void theCommandWritesAlertsAsJsonLines() throws IOException {
        Path input = jsonl("auth.jsonl", attack());
        Path out = dir.resolve("alerts.jsonl");

        int exit = BreachwatchCli.execute("replay", "--progress", "none", "--out", out.toString(), input.toString());

        assertThat(exit).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).isNotEmpty();
        assertThat(lines).allSatisfy(line -> assertThat(
                EventJson.strict().read(line.getBytes(StandardCharsets.UTF_8), Alert.class).alertId()).hasSize(32));
    }
}
