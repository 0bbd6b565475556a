package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.Decoded;
import io.breachwatch.schema.EventDecoder;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.fuzz.Fuzz;
import io.breachwatch.schema.fuzz.Hostile;
import io.breachwatch.schema.fuzz.ValidRecords;
import io.breachwatch.schema.json.EventJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Properties of every log parser, the format detector and the line reader over generated input: sequences of
 * hostile lines and of damaged real lines are each answered with a status and a reason (never an exception, never
 * the parser-bug reason), an unreadable line's message never quotes it, every event released is a valid canonical
 * event that the input topics would read back unchanged, and well-formed lines with arbitrary field values are read
 * as exactly those values.
 */
class ParserFuzzTest {
    private static final String ALPHABET = "\t \"[]{}:,.-/#=()0123456789abcdefxyzABCXYZ\\";

    private record Format(String name, Supplier<LogParser> parser, List<String> samples) {
    }

    private static List<String> fixture(String... files) {
        List<String> lines = new ArrayList<>();
        try {
            for (String file : files) {
                lines.addAll(Files.readAllLines(Fixtures.log(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static final List<Format> FORMATS = List.of(
            new Format("sshd-syslog", SshdSyslogParserTest::newParser,
                    SshdSyslogParserTest.catalogue().map(SshdSyslogParserTest.Fixture::line).toList()),
            new Format("zeek", () -> new ZeekParser("fuzz"), fixture("zeek/conn.log", "zeek/ssh.log", "zeek/http.log",
                    "zeek/ssh.json.log", "zeek/http.json.log", "zeek/mixed.json.log")),
            new Format("cloudtrail", () -> new CloudTrailParser("fuzz"), fixture("cloudtrail/events.jsonl",
                    "cloudtrail/pretty.json")),
            new Format("access-log", () -> new AccessLogParser("fuzz"), fixture("access/combined.log",
                    "access/common.log")),
            new Format("canonical-auth", () -> new CanonicalJsonlParser(EventType.AUTH), List.of(
                    EventJson.strict().writeString(new AuthEvent("e1", Instant.parse("2026-03-14T09:12:48Z"), "root",
                            "203.0.113.7", AuthOutcome.FAILURE, "password", "bad_password", "sshd", "bastion")))),
            new Format("canonical-api", () -> new CanonicalJsonlParser(EventType.API), List.of(
                    EventJson.strict().writeString(new ApiCallEvent("a1", Instant.parse("2026-03-14T09:12:48Z"),
                            "vendor-acme", "third_party", "198.51.100.23", "GET", "GET /orders/{id}", 200, 5120L, 1L,
                            "c-17")))),
            new Format("canonical-net", () -> new CanonicalJsonlParser(EventType.NET), List.of(
                    "{\"event_id\":\"C1\",\"timestamp\":\"2026-03-14T09:12:48Z\",\"src_ip\":\"10.10.0.173\","
                            + "\"src_port\":50000,\"dst_ip\":\"192.0.2.1\",\"dst_port\":443,\"protocol\":\"tcp\"}")));

    /** 1 to 12 lines: hostile text, damaged real lines, real lines, the odd null or over-long line. */
    private static List<String> lines(Random r, List<String> samples) {
        List<String> lines = new ArrayList<>();
        for (int i = 1 + r.nextInt(12); i > 0; i--) {
            int kind = r.nextInt(40);
            if (kind == 0) {
                lines.add(null);
            } else if (kind == 1) {
                lines.add(Hostile.mutate(r, samples.get(r.nextInt(samples.size())), ALPHABET).repeat(200));
            } else if (kind < 12) {
                lines.add(Hostile.text(r, 400));
            } else if (kind < 34) {
                lines.add(Hostile.mutateOne(r, samples, ALPHABET));
            } else {
                lines.add(samples.get(r.nextInt(samples.size())));
            }
        }
        return lines;
    }

    @Test
    void everyParserAnswersEveryLineAndReleasesOnlyEventsTheTopicsReadBack() {
        for (Format format : FORMATS) {
            Fuzz.forAll(format.name() + " lines", 1000, r -> lines(r, format.samples()), lines -> {
                LogParser parser = format.parser().get();
                List<CanonicalEvent> events = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    ParseResult result = parser.parse(line, i + 1);
                    assertThat(result).isNotNull();
                    assertThat(result.reason()).isNotEqualTo(ParseReason.PARSER_ERROR);
                    if (result.status() == ParseResult.Status.UNPARSEABLE && line != null && line.strip().length() >= 24) {
                        assertThat(result.message()).as("the message quotes the line").doesNotContain(line.strip());
                    }
                    events.addAll(result.events());
                }
                events.addAll(parser.finish());
                for (CanonicalEvent event : events) {
                    assertThat(decoder(event.type()).decode(EventJson.strict().write(event)))
                            .isEqualTo(new Decoded.Valid<>(event));
                }
            });
        }
    }

    private static EventDecoder<? extends CanonicalEvent> decoder(EventType type) {
        return switch (type) {
            case AUTH -> new EventDecoder<>(AuthEvent.class);
            case API -> new EventDecoder<>(ApiCallEvent.class);
            case NET -> new EventDecoder<>(io.breachwatch.schema.NetworkEvent.class);
        };
    }

    @Test
    void canonicalLinesOfAnyValidEventAreReadAsExactlyThatEvent() {
        List<Function<Random, CanonicalEvent>> generators = List.of(ValidRecords::auth, ValidRecords::api,
                ValidRecords::net);
        Fuzz.forAll("canonical jsonl round trip", 2000, r -> generators.get(r.nextInt(3)).apply(r), event -> {
            String line = EventJson.strict().writeString(event) + (event.eventId().length() % 2 == 0 ? "\n" : "\r\n");

            ParseResult result = new CanonicalJsonlParser(event.type()).parse(line, 1);

            assertThat(result.events()).containsExactly(event);
        });
    }

    private static String ipv4(Random r) {
        return r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
    }

    private static String word(Random r, String alphabet, int max) {
        StringBuilder word = new StringBuilder();
        for (int i = 1 + r.nextInt(max); i > 0; i--) {
            word.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return word.toString();
    }

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    /** A well-formed sshd password line and what it says. */
    private record SshdLine(String line, String user, String ip, boolean failed, Instant time) {
        static SshdLine of(Random r) {
            String user = "u" + word(r, "abcdefghijklmnopqrstuvwxyz0123456789._-", 31);
            String ip = ipv4(r);
            Instant time = Instant.parse("2015-01-01T00:00:00Z").plusSeconds(r.nextInt(364 * 86_400));
            java.time.LocalDateTime local = java.time.LocalDateTime.ofInstant(time, ZoneOffset.UTC);
            boolean failed = r.nextBoolean();
            String line = String.format("%s %2d %02d:%02d:%02d bastion sshd[%d]: %s password for %s from %s port %d ssh2",
                    MONTHS[local.getMonthValue() - 1], local.getDayOfMonth(), local.getHour(), local.getMinute(),
                    local.getSecond(), r.nextInt(99_999), failed ? "Failed" : "Accepted", user, ip, r.nextInt(65536));
            return new SshdLine(line, user, ip, failed, time);
        }
    }

    @Test
    void sshdPasswordLinesAreReadAsTheirUserAddressAndTime() {
        Fuzz.forAll("sshd password line", 2000, SshdLine::of, given -> {
            ParseResult result = SshdSyslogParserTest.newParser().parse(given.line(), 1);

            assertThat(result.events()).singleElement().isInstanceOfSatisfying(AuthEvent.class, e -> {
                assertThat(e.user()).isEqualTo(given.user());
                assertThat(e.sourceIp()).isEqualTo(given.ip());
                assertThat(e.outcome()).isEqualTo(given.failed() ? AuthOutcome.FAILURE : AuthOutcome.SUCCESS);
                assertThat(e.method()).isEqualTo("password");
                assertThat(e.host()).isEqualTo("bastion");
                assertThat(e.timestamp()).isEqualTo(given.time());
            });
        });
    }

    /** A well-formed combined-log line and what it says. */
    private record AccessLine(String line, String user, String ip, String method, String path, int status,
                              long size) {
        static AccessLine of(Random r) {
            String user = "u" + word(r, "ghijklmnopqrstuvwxyz-", 20);
            String ip = ipv4(r);
            String method = new String[] {"GET", "POST", "PUT", "DELETE", "PATCH"}[r.nextInt(5)];
            String path = "/" + word(r, "ghijklmnopqrstuvwxyz", 12) + "/" + word(r, "ghijklmnopqrstuvwxyz", 12);
            int status = 100 + r.nextInt(500);
            long size = r.nextLong() & 0xffff_ffffL;
            String line = String.format("%s - %s [%02d/%s/%d:%02d:%02d:%02d +0000] \"%s %s HTTP/1.1\" %d %d \"-\" "
                    + "\"agent/1.0\"", ip, user, 1 + r.nextInt(28), MONTHS[r.nextInt(12)], 1990 + r.nextInt(60),
                    r.nextInt(24), r.nextInt(60), r.nextInt(60), method, path, status, size);
            return new AccessLine(line, user, ip, method, path, status, size);
        }
    }

    @Test
    void accessLogLinesAreReadAsTheirClientAddressRequestAndStatus() {
        Fuzz.forAll("access log line", 2000, AccessLine::of, given -> {
            ParseResult result = new AccessLogParser("fuzz").parse(given.line(), 1);

            assertThat(result.events()).singleElement().isInstanceOfSatisfying(ApiCallEvent.class, e -> {
                assertThat(e.clientId()).isEqualTo(given.user());
                assertThat(e.sourceIp()).isEqualTo(given.ip());
                assertThat(e.method()).isEqualTo(given.method());
                assertThat(e.operation()).isEqualTo(given.method() + " " + given.path());
                assertThat(e.status()).isEqualTo(given.status());
                assertThat(e.responseBytes()).isEqualTo(given.size());
            });
        });
    }

    @Test
    void formatDetectionAnswersAnyFirstLinesInOneLine() {
        List<String> all = new ArrayList<>();
        FORMATS.forEach(f -> all.addAll(f.samples()));
        Fuzz.forAll("format detection", 1000, r -> lines(r, all), lines -> {
            FormatDetector.Detection detection = FormatDetector.detect("fuzz", lines);

            assertThat(detection.outcome()).isNotNull();
            assertThat(detection.detected()).isEqualTo(detection.format() != null);
            assertThat(detection.message()).isNotBlank().doesNotContain("\n", "\r");
        });
    }

    /** Arbitrary bytes with some LFs, plain or gzip, read with a small line limit. */
    private record ReaderInput(byte[] content, boolean gzip, int limit) {
        static ReaderInput of(Random r) {
            byte[] content = Hostile.bytes(r, 2000);
            for (int i = content.length == 0 ? 0 : r.nextInt(20); i > 0; i--) {
                content[r.nextInt(content.length)] = '\n';
            }
            return new ReaderInput(content, r.nextBoolean(), 1 + r.nextInt(100));
        }

        @Override
        public String toString() {
            return (gzip ? "gzip of " : "") + Fuzz.describe(content) + ", limit " + limit;
        }
    }

    @Test
    void lineReaderSplitsAnyBytesIntoBoundedLines() {
        Fuzz.forAll("line reader", 1000, ReaderInput::of, given -> {
            List<LogReader.Line> lines = new ArrayList<>();
            try (LogReader reader = LogReader.of(new ByteArrayInputStream(given.gzip() ? gzip(given.content())
                    : given.content()), given.limit())) {
                LogReader.Line line;
                while ((line = reader.next()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }

            // Every line is numbered in order and holds no LF; one longer than limit + 1 is cut to limit + 1
            // (a line of exactly limit + 1 is whole and uncut: either way the parser's length check rejects it)
            long newlines = 0;
            for (byte b : given.content()) {
                newlines += b == '\n' ? 1 : 0;
            }
            byte[] content = given.content();
            boolean lastUnterminated = content.length > 0 && content[content.length - 1] != '\n';
            assertThat(lines).hasSize((int) newlines + (lastUnterminated ? 1 : 0));
            for (int i = 0; i < lines.size(); i++) {
                LogReader.Line line = lines.get(i);
                assertThat(line.number()).isEqualTo(i + 1);
                assertThat(line.text()).doesNotContain("\n").hasSizeLessThanOrEqualTo(given.limit() + 1);
                if (line.cut()) {
                    assertThat(line.text()).hasSize(given.limit() + 1);
                }
            }
        });
    }

    @Test
    void truncatedGzipIsAnIoErrorNotALine() {
        Fuzz.forAll("truncated gzip", 500, r -> r, r -> {
            byte[] whole = gzip(Hostile.bytes(r, 500));
            byte[] cut = java.util.Arrays.copyOf(whole, 2 + r.nextInt(whole.length - 10));
            try (LogReader reader = LogReader.of(new ByteArrayInputStream(cut), 100)) {
                while (reader.next() != null) {
                    // read to the end
                }
                throw new AssertionError("a truncated gzip stream was read to its end without an error");
            } catch (IOException expected) {
                assertThat(expected).isInstanceOf(IOException.class);
            }
        });
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
