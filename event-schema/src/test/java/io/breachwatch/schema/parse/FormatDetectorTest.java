package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.breachwatch.schema.EventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The format of every fixture and dataset is found from its first lines, and a doubt is said, not guessed. */
class FormatDetectorTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(nullValues = "-", value = {
            "zeek/conn.log, zeek-tsv, conn",
            "zeek/ssh.log, zeek-tsv, ssh",
            "zeek/http.log, zeek-tsv, http",
            "zeek/ssh.json.log, zeek-json, ssh",
            "zeek/http.json.log, zeek-json, http",
            "zeek/mixed.json.log, zeek-json, -",
            "cloudtrail/pretty.json, cloudtrail, -",
            "cloudtrail/events.jsonl, cloudtrail, -",
            "access/combined.log, combined-log, -",
            "access/common.log, combined-log, -"})
    void fixtures(String fixture, String format, String zeekLog) throws IOException {
        FormatDetector.Detection detection = FormatDetector.detect(Fixtures.log(fixture));

        assertThat(detection.detected()).as(detection.message()).isTrue();
        assertThat(detection.format().id()).isEqualTo(format);
        assertThat(detection.zeekLog() == null ? null : detection.zeekLog().path()).isEqualTo(zeekLog);
    }

    @Test
    void gzipCloudTrailObjectIsDetectedFromItsFirstMegabyte(@TempDir Path dir) throws IOException {
        // Given a one-line delivery object larger than the detector reads of a line
        String record = CloudTrailParserTest.oneLineDocument();
        String records = record.substring(record.indexOf('[') + 1, record.lastIndexOf(']'));
        String big = "{\"Records\":[" + String.join(",", java.util.Collections.nCopies(1_000, records)) + "]}\n";
        assertThat(big.length()).isGreaterThan(FormatDetector.MAX_LINE_CHARS);
        Path file = dir.resolve("object.json.gz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(big.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(file, bytes.toByteArray());

        assertThat(FormatDetector.detect(file).format()).isEqualTo(LogFormat.CLOUDTRAIL);
    }

    @Test
    void sshdSyslogInBothTimestampStyles() {
        FormatDetector.Detection detection = FormatDetector.detect("auth.log", List.of(
                "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186",
                "Dec 10 06:55:48 LabSZ CRON[24201]: pam_unix(cron:session): session opened for user root",
                "2024-05-01T10:00:00.123456+02:00 host sshd[1]: Failed password for root from 203.0.113.7 port 5 ssh2"));

        assertThat(detection.format()).isEqualTo(LogFormat.SSHD_SYSLOG);
        assertThat(detection.message()).isEqualTo("auth.log: sshd-syslog, from 3 of its first 3 non-blank lines");
    }

    @Test
    void canonicalEventsAreToldApartByTheirFields() {
        FormatDetector.Detection auth = FormatDetector.detect("events.jsonl", List.of(
                "{\"event_id\":\"a1\",\"timestamp\":\"2026-03-14T09:12:48Z\",\"user\":\"root\","
                        + "\"source_ip\":\"203.0.113.7\",\"outcome\":\"failure\"}"));
        FormatDetector.Detection net = FormatDetector.detect("events.jsonl", List.of(
                "{\"event_id\":\"n1\",\"timestamp\":\"2026-03-14T09:12:48Z\",\"src_ip\":\"10.0.4.17\","
                        + "\"dst_ip\":\"198.51.100.80\",\"protocol\":\"tcp\"}"));
        FormatDetector.Detection api = FormatDetector.detect("events.jsonl", List.of(
                "{\"event_id\":\"p1\",\"timestamp\":\"2026-03-14T09:12:48Z\",\"client_id\":\"vendor-acme\","
                        + "\"source_ip\":\"198.51.100.23\",\"method\":\"GET\",\"operation\":\"GET /orders/{id}\","
                        + "\"status\":200}"));
        FormatDetector.Detection unclear = FormatDetector.detect("events.jsonl", List.of(
                "{\"event_id\":\"x\",\"timestamp\":\"2026-03-14T09:12:48Z\",\"source_ip\":\"198.51.100.23\"}"));

        assertThat(List.of(auth, net, api)).extracting(FormatDetector.Detection::format)
                .containsOnly(LogFormat.CANONICAL_JSONL);
        assertThat(List.of(auth, net, api)).extracting(FormatDetector.Detection::eventType)
                .containsExactly(EventType.AUTH, EventType.NET, EventType.API);
        assertThat(unclear.outcome()).isEqualTo(FormatDetector.Outcome.UNKNOWN);
    }

    @Test
    void canonicalEventsOfSeveralTypesAreOneMixedStream() {
        FormatDetector.Detection detection = FormatDetector.detect("topics.jsonl", List.of(
                "{\"event_id\":\"a1\",\"timestamp\":\"2026-03-14T09:12:48Z\",\"user\":\"root\","
                        + "\"source_ip\":\"203.0.113.7\",\"outcome\":\"failure\"}",
                "{\"event_id\":\"n1\",\"timestamp\":\"2026-03-14T09:12:48Z\",\"src_ip\":\"10.0.4.17\","
                        + "\"dst_ip\":\"198.51.100.80\",\"protocol\":\"tcp\"}",
                "{\"event_id\":\"a2\",\"timestamp\":\"2026-03-14T09:12:49Z\",\"user\":\"root\","
                        + "\"source_ip\":\"203.0.113.7\",\"outcome\":\"failure\"}"));

        assertThat(detection.outcome()).isEqualTo(FormatDetector.Outcome.DETECTED);
        assertThat(detection.format()).isEqualTo(LogFormat.CANONICAL_JSONL);
        assertThat(detection.eventType()).isNull();
        assertThat(detection.message()).isEqualTo("topics.jsonl: canonical-jsonl (events of several types), from 3 of "
                + "its first 3 non-blank lines");
    }

    @Test
    void mixedFormatsAreAmbiguousAndTheMessageSaysWhatToDo() {
        FormatDetector.Detection detection = FormatDetector.detect("both.log", List.of(
                "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186",
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"));

        assertThat(detection.outcome()).isEqualTo(FormatDetector.Outcome.AMBIGUOUS);
        assertThat(detection.format()).isNull();
        assertThat(detection.message()).isEqualTo("both.log: its first 2 non-blank lines fit several formats "
                + "(sshd-syslog: 1 lines, combined-log: 1 lines); pass --format with one of: sshd-syslog, zeek-tsv, "
                + "zeek-json, cloudtrail, combined-log, canonical-jsonl");
    }

    @Test
    void unknownInputsSayWhyAndAskForFormat() {
        assertThat(List.of(
                FormatDetector.detect("empty.log", List.of("", "  ")),
                FormatDetector.detect("notes.txt", List.of("hello", "world")),
                FormatDetector.detect("dns.log", List.of("#separator \\x09", "#path\tdns",
                        "#fields\tts\tuid\tid.orig_h\tquery")),
                FormatDetector.detect("dns.json", List.of("{\"ts\":1.0,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\","
                        + "\"query\":\"example.com\"}")),
                FormatDetector.detect("other.json", List.of("{\"level\":\"info\",\"msg\":\"started\"}")),
                FormatDetector.detect("mostly.txt", List.of("hello", "world", "again",
                        "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186"))))
                .allSatisfy(detection -> {
                    assertThat(detection.outcome()).isEqualTo(FormatDetector.Outcome.UNKNOWN);
                    assertThat(detection.message()).startsWith("cannot tell the format of ")
                            .endsWith("pass --format with one of: " + LogFormat.ids());
                });
    }

    @Test
    void formatIdsAreStableAndReadBack() {
        assertThat(LogFormat.ids())
                .isEqualTo("sshd-syslog, zeek-tsv, zeek-json, cloudtrail, combined-log, canonical-jsonl");
        for (LogFormat format : LogFormat.values()) {
            assertThat(LogFormat.fromId(" " + format.id().toUpperCase() + " ")).contains(format);
        }
        assertThat(LogFormat.fromId("syslog")).isEmpty();
    }

    @Test
    void sharedDatasetsAreDetected() throws IOException {
        Optional<Path> openssh = Datasets.file("loghub-openssh/OpenSSH_2k.log");
        Optional<Path> linux = Datasets.file("loghub-linux-syslog/Linux_2k.log");
        assumeTrue(openssh.isPresent(), () -> Datasets.missing("loghub-openssh/OpenSSH_2k.log"));

        assertThat(FormatDetector.detect(openssh.get()).format()).isEqualTo(LogFormat.SSHD_SYSLOG);
        if (linux.isPresent()) {
            assertThat(FormatDetector.detect(linux.get()).format()).isEqualTo(LogFormat.SSHD_SYSLOG);
        }
    }
}
