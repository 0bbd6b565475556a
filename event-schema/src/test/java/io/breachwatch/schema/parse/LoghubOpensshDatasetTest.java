package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real 2,000-line OpenSSH log from loghub (CRLF, no final newline), read in place from the shared datasets.
 * Expected figures are the ground truth in {@code loghub-openssh/README.md}, counted there independently of this
 * parser. The log has no year; 2015 is assumed and nothing below depends on it.
 */
class LoghubOpensshDatasetTest {
    @RegisterExtension
    static final RequiredDataset DATASET = RequiredDataset.file("loghub-openssh/OpenSSH_2k.log");

    private static ParseRun run;

    @BeforeAll
    static void parseTheWholeFile() throws IOException {
        Optional<Path> file = DATASET.path();
        if (file.isEmpty()) {
            return;
        }
        run = ParseRun.file(new SshdSyslogParser("OpenSSH_2k.log", 2015, ZoneOffset.UTC), file.get());
    }

    @Test
    void everyLineIsReadAndNoneIsUnparseable() {
        assertThat(run.stats.lines()).isEqualTo(2_000);
        assertThat(run.stats.unparseable()).as(run.stats.toString()).isZero();
        assertThat(run.stats.lines(ParseResult.Status.IGNORED, ParseReason.UNKNOWN_SSHD_MESSAGE))
                .as("every message shape in the file is known").isZero();
    }

    @Test
    void failedPasswordsAre528IncludingTheTenFoldedIntoMessageRepeated() {
        List<AuthEvent> passwordFailures = failures().stream().filter(e -> "password".equals(e.method())).toList();

        assertThat(passwordFailures).hasSize(528);
        assertThat(passwordFailures).filteredOn(e -> e.eventId().contains("#")).hasSize(10);
        assertThat(countBy(passwordFailures, AuthEvent::reason))
                .containsOnly(entry("invalid_user", 135L), entry("bad_password", 393L));
        assertThat(countBy(passwordFailures, AuthEvent::sourceIp)).hasSize(23);
        assertThat(countBy(passwordFailures, AuthEvent::user)).contains(entry("root", 378L), entry("admin", 44L));
    }

    @Test
    void failuresPerSourceMatchTheReadmeTable() {
        Map<String, Long> bySource = countBy(
                failures().stream().filter(e -> "password".equals(e.method())).toList(), AuthEvent::sourceIp);

        assertThat(bySource).contains(
                entry("183.62.140.253", 286L),
                entry("187.141.143.180", 80L),
                entry("103.99.0.122", 46L),
                entry("112.95.230.3", 26L),
                entry("5.188.10.180", 18L),
                entry("185.190.58.151", 17L),
                entry("123.235.32.19", 7L),
                entry("5.36.59.76", 6L),
                entry("106.5.5.195", 6L),
                entry("119.4.203.64", 6L),
                entry("60.2.12.12", 5L),
                entry("52.80.34.196", 5L));
    }

    @Test
    void sprayerTried28DistinctAccounts() {
        TreeSet<String> users = failures().stream().filter(e -> "187.141.143.180".equals(e.sourceIp()))
                .map(AuthEvent::user).collect(Collectors.toCollection(TreeSet::new));

        assertThat(users).containsExactly("abc", "bssh", "butter", "cyrus", "deploy", "eoor", "ftp", "ghost", "git",
                "ingrid", "jay", "magnos", "mysql", "nagios", "nagios1", "oracle", "oralce", "postgres", "postgres1",
                "redhat", "root", "ted", "test", "test1", "test2", "ubuntu", "vnc", "www");
    }

    @Test
    void everyInvalidUserNoticeFoldsIntoItsAttemptLine() {
        // 113 notices, each followed by a Failed line of its pid: no extra events, none left at the end
        assertThat(run.stats.lines(ParseResult.Status.PENDING, ParseReason.INVALID_USER_NOTICE)).isEqualTo(113);
        assertThat(run.finished).isEmpty();
        // The only other failures are the 4 "Failed none for invalid user" lines
        assertThat(failures()).hasSize(532);
        assertThat(failures()).filteredOn(e -> "none".equals(e.method())).hasSize(4)
                .allMatch(e -> "invalid_user".equals(e.reason()));
    }

    @Test
    void leadingSpaceUserOfLine189IsKept() {
        assertThat(run.authEvents()).filteredOn(e -> e.eventId().equals("OpenSSH_2k.log:189"))
                .singleElement().extracting(AuthEvent::user, AuthEvent::sourceIp)
                .containsExactly(" 0101", "5.188.10.180");
    }

    @Test
    void theOnlySuccessIsFztu() {
        assertThat(run.authEvents()).filteredOn(e -> e.outcome() == AuthOutcome.SUCCESS).containsExactly(
                new AuthEvent("OpenSSH_2k.log:956", Instant.parse("2015-12-10T09:32:20Z"), "fztu", "119.137.62.142",
                        AuthOutcome.SUCCESS, "password", null, "sshd", "LabSZ"));
    }

    private static List<AuthEvent> failures() {
        return run.authEvents().stream().filter(AuthEvent::failed).toList();
    }

    static <K> Map<K, Long> countBy(List<AuthEvent> events, Function<AuthEvent, K> key) {
        return events.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
