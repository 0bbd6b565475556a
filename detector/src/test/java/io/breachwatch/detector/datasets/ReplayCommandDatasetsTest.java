package io.breachwatch.detector.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.breachwatch.detector.cli.BreachwatchCli;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.json.EventJson;
import io.breachwatch.schema.parse.CloudTrailParser;
import io.breachwatch.schema.parse.Datasets;
import io.breachwatch.schema.parse.LogParser;
import io.breachwatch.schema.parse.SshdSyslogParser;
import io.breachwatch.schema.parse.ZeekLog;
import io.breachwatch.schema.parse.ZeekParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shared dataset through the {@code breachwatch replay} command itself (its own command line, format detection,
 * file and directory inputs, reorder buffer, {@code --out} and {@code --report}), as an investigator would run it.
 * Then: the summary counts no unparseable line, the alert file holds exactly the rules the dataset's ground truth
 * implies (the figures the per-dataset tests of this package establish against the READMEs and reference counts),
 * and its alerts are exactly, ids included, those of the full catalogue over the same events parsed and sorted by
 * {@link DatasetReplay}: the command adds nothing and loses nothing. Skipped, saying where it looked, without the
 * data.
 */
class ReplayCommandDatasetsTest {
    private static final Pattern UNPARSEABLE = Pattern.compile("breachwatch replay: unparseable lines: (\\d+)");
    private static final Pattern REPLAYED = Pattern.compile("breachwatch replay: replayed (\\d+) events");

    @TempDir
    Path dir;

    /** What one run of the command left: its exit code, stderr, alert file, report. */
    private record Run(int exit, String stderr, List<Alert> alerts, String report) {
        long unparseable() {
            return number(UNPARSEABLE);
        }

        long events() {
            return number(REPLAYED);
        }

        private long number(Pattern pattern) {
            Matcher m = pattern.matcher(stderr);
            assertThat(m.find()).as("'%s' in the summary: %s", pattern, stderr).isTrue();
            return Long.parseLong(m.group(1));
        }

        Map<String, Long> alertsByRule() {
            Map<String, Long> counts = new TreeMap<>();
            alerts.forEach(a -> counts.merge(a.ruleId(), 1L, Long::sum));
            return counts;
        }
    }

    private Run replay(String... arguments) throws IOException {
        Path out = dir.resolve("alerts.jsonl");
        Path report = dir.resolve("report.html");
        List<String> command = new ArrayList<>(List.of("replay", "--progress", "none", "--out", out.toString(),
                "--report", report.toString()));
        command.addAll(List.of(arguments));
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            exit = BreachwatchCli.commandLine().execute(command.toArray(new String[0]));
        } finally {
            System.setErr(saved);
        }
        List<Alert> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            alerts.add(EventJson.strict().read(line.getBytes(StandardCharsets.UTF_8), Alert.class));
        }
        return new Run(exit, stderr.toString(StandardCharsets.UTF_8), alerts, Files.readString(report));
    }

    private static Path dataset(String relative) {
        Path path = Datasets.directory().map(d -> d.resolve(relative)).filter(Files::exists).orElse(null);
        assumeTrue(path != null, () -> Datasets.missing(relative));
        return path;
    }

    /** The events of the files, and the catalogue's alerts over them, parsed and sorted as the dataset tests do. */
    private record Expected(long events, List<Alert> alerts) {
    }

    private static Expected expected(List<Path> files, java.util.function.Function<Path, LogParser> parser)
            throws IOException {
        List<CanonicalEvent> events = new ArrayList<>();
        for (Path file : files) {
            events.addAll(DatasetReplay.parse(file, parser.apply(file)));
        }
        return new Expected(events.size(), DatasetReplay.replay(DatasetReplay.inEventTimeOrder(events)).alerts());
    }

    private static void assertCommon(Run run, Expected expected) {
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.unparseable()).as(run.stderr()).isZero();
        assertThat(run.events()).isEqualTo(expected.events());
        assertThat(run.alerts()).containsExactlyInAnyOrderElementsOf(expected.alerts());
        assertThat(run.report()).contains("<svg").contains("Unparseable lines</th><td>0");
        assertThat(Pattern.compile("<tr class=\"alert-row\">").matcher(run.report()).results().count())
                .isEqualTo(run.alerts().size());
    }

    @Test
    void loghubOpensshRaisesTheBruteForcesAndSpraysOfItsGroundTruth() throws IOException {
        Path file = dataset("loghub-openssh/OpenSSH_2k.log");

        // The file has no year: the dataset tests take 2015 (README); syslog needs --year for that.
        Run run = replay("--year", "2015", "--zone", "UTC", file.toString());

        assertCommon(run, expected(List.of(file),
                f -> new SshdSyslogParser("OpenSSH_2k.log", 2015, ZoneOffset.UTC)));
        assertThat(run.alertsByRule()).containsExactly(entry("auth.brute_force.account", 5L),
                entry("auth.brute_force.source", 8L), entry("auth.password_spray", 2L));
    }

    @Test
    void loghubLinuxSyslogRaisesItsBruteForcesAndOneSurge() throws IOException {
        Path file = dataset("loghub-linux-syslog/Linux_2k.log");

        Run run = replay("--year", "2005", "--zone", "UTC", file.toString());

        assertCommon(run, expected(List.of(file),
                f -> new SshdSyslogParser("Linux_2k.log", 2005, ZoneOffset.UTC)));
        assertThat(run.alertsByRule()).containsExactly(entry("auth.brute_force.account", 20L),
                entry("auth.brute_force.source", 32L), entry("auth.failure_surge", 1L));
    }

    @Test
    void stratosphereNmapRaisesPortScansAndOneSweep() throws IOException {
        Path file = dataset("stratosphere-nmap-portscan/conn.log");

        // Format detected: Zeek conn.log as JSON lines.
        Run run = replay(file.toString());

        Expected expected = expected(List.of(file), f -> new ZeekParser("conn.log", ZeekLog.CONN));
        assertCommon(run, expected);
        assertThat(expected.events()).isEqualTo(4_504);
        assertThat(run.alertsByRule()).containsExactly(entry("net.host_sweep", 1L), entry("net.port_scan", 24L),
                entry("net.port_scan.slow", 23L));
    }

    @Test
    void invictusStratusCloudTrailRaisesTheOneErrorBurst() throws IOException {
        Path directory = dataset("invictus-stratus-cloudtrail/CloudTrail");
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }

        // The directory as one input: every file below it, in name order.
        Run run = replay(directory.toString());

        Expected expected = expected(files, f -> new CloudTrailParser(f.getFileName().toString()));
        assertCommon(run, expected);
        assertThat(expected.events()).isEqualTo(2_900);
        assertThat(run.alertsByRule()).containsExactly(entry("api.error_burst", 1L));
    }
}
