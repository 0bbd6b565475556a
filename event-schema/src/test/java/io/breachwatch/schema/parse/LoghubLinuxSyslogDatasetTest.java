package io.breachwatch.schema.parse;

import static io.breachwatch.schema.parse.LoghubOpensshDatasetTest.countBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real 2,000-line 2005 {@code /var/log/messages} from loghub: the older dialect where an SSH failure is only a
 * {@code sshd(pam_unix)} line, often with a host name as {@code rhost}, among ftpd, su, kernel and other programs.
 * Expected figures are the ground truth in {@code loghub-linux-syslog/README.md}.
 */
class LoghubLinuxSyslogDatasetTest {
    @RegisterExtension
    static final RequiredDataset DATASET = RequiredDataset.file("loghub-linux-syslog/Linux_2k.log");

    private static ParseRun run;

    @BeforeAll
    static void parseTheWholeFile() throws IOException {
        Optional<Path> file = DATASET.path();
        if (file.isEmpty()) {
            return;
        }
        // The ftpd lines in the file carry the year: 2005.
        run = ParseRun.file(new SshdSyslogParser("Linux_2k.log", 2005, ZoneOffset.UTC), file.get());
    }

    @Test
    void everyLineIsReadAndNoneIsUnparseable() {
        assertThat(run.stats.lines()).isEqualTo(2_000);
        assertThat(run.stats.unparseable()).as(run.stats.toString()).isZero();
        assertThat(run.stats.lines(ParseResult.Status.IGNORED, ParseReason.NOT_SSHD)).isEqualTo(2_000 - 677);
    }

    @Test
    void pamAuthenticationFailuresAre489From47RemoteHosts() {
        assertThat(run.authEvents()).hasSize(489).allMatch(e -> e.outcome() == AuthOutcome.FAILURE
                && "password".equals(e.method()) && "bad_password".equals(e.reason()) && "combo".equals(e.host()));
        assertThat(countBy(run.authEvents(), AuthEvent::sourceIp)).hasSize(47);
        assertThat(run.authEvents()).extracting(AuthEvent::user).filteredOn(u -> u == null).hasSize(117);
        assertThat(countBy(run.authEvents().stream().filter(e -> e.user() != null).toList(), AuthEvent::user))
                .containsOnly(entry("root", 351L), entry("guest", 17L), entry("test", 4L));
    }

    @Test
    void failuresPerRemoteHostMatchTheReadmeTable() {
        assertThat(countBy(run.authEvents(), AuthEvent::sourceIp)).contains(
                entry("150.183.249.110", 80L),
                entry("n219076184117.netvigator.com", 23L),
                entry("207.243.167.114", 23L),
                entry("60.30.224.116", 20L),
                entry("195.129.24.210", 15L),
                entry("218.188.2.4", 14L),
                entry("h64-187-1-131.gtconnect.net", 13L),
                entry("220.117.241.87", 13L),
                entry("209.152.168.249", 10L),
                entry("220-135-151-1.hinet-ip.hinet.net", 10L));
    }

    @Test
    void bruteForceOf150_183_249_110SpansJul10From16_01_43To16_03_18() {
        assertThat(run.authEvents()).filteredOn(e -> e.sourceIp().equals("150.183.249.110"))
                .extracting(AuthEvent::timestamp)
                .contains(Instant.parse("2005-07-10T16:01:43Z"), Instant.parse("2005-07-10T16:03:18Z"))
                .allMatch(t -> !t.isBefore(Instant.parse("2005-07-10T16:01:43Z"))
                        && !t.isAfter(Instant.parse("2005-07-10T16:03:18Z")));
    }

    @Test
    void consoleFailureOfGdmIsNotAttributedToARemoteSource() {
        assertThat(run.authEvents()).noneMatch(e -> e.timestamp().equals(Instant.parse("2005-07-11T11:33:13Z")));
        assertThat(run.authEvents()).allMatch(e -> "sshd".equals(e.service()) && !e.sourceIp().isBlank());
    }
}
