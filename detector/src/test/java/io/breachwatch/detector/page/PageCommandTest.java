package io.breachwatch.detector.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.cli.BreachwatchCli;
import io.breachwatch.detector.page.FlakyReceiver.Fault;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code breachwatch page}: checking a config file and sending a test page, as an operator would. */
@Timeout(60)
class PageCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = BreachwatchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void checkValidatesTheShippedExampleWithoutItsSecrets() {
        assertThat(run("page", "--config", "../deploy/pager/pager.yaml", "--check")).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "oncall: pagerduty, alerts+incidents from high, grouped for 5m, at most 6 pages/min (burst 3)",
                "soc-channel: slack, alerts+incidents from medium, grouped for 10m, at most 20 pages/min (burst 10)",
                "opsgenie-incidents: opsgenie, incidents from low, grouped for 5m, at most 10 pages/min (burst 5)",
                "ticketing: webhook, alerts+incidents from low, grouped for 5m, at most 10 pages/min (burst 5)",
                "../deploy/pager/pager.yaml: OK, 4 destinations");
    }

    @Test
    void aBrokenFileIsRefusedWithEveryErrorAtItsLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pager.yaml"), """
                destinations:
                  - name: oncall
                    type: pagerduty
                    routing_key: inline-secret
                """);
        assertThat(run("page", "--config", file.toString(), "--check")).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                file + ":4: destinations[0].routing_key: write it as {env: NAME} or {file: PATH}: credentials are "
                        + "never written in the config file itself",
                file + ": 1 error");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void sendTestDeliversOneTestPageAndReportsTheOutcome(@TempDir Path dir) throws Exception {
        try (FlakyReceiver receiver = FlakyReceiver.start(n -> n == 1 ? Fault.OK : Fault.REJECT, Duration.ZERO)) {
            Path file = Files.writeString(dir.resolve("pager.yaml"), """
                    destinations:
                      - name: hook
                        type: webhook
                        url: %s
                    """.formatted(receiver.url()));
            assertThat(run("page", "--config", file.toString(), "--send-test", "hook")).isZero();
            assertThat(out.toString()).startsWith("hook: accepted (HTTP 202), dedup key breachwatch-test-");
            assertThat(receiver.processed()).hasSize(1);
            assertThat(receiver.processed().get(0).body()).contains("\"kind\":\"alert\"",
                    "\"rule_id\":\"breachwatch.test\"", "this destination works");

            assertThat(run("page", "--config", file.toString(), "--send-test", "hook")).isEqualTo(1);
            assertThat(err.toString()).contains("hook: refused with HTTP 400: {\"status\":\"invalid event\"");
            assertThat(run("page", "--config", file.toString(), "--send-test", "nope")).isEqualTo(1);
            assertThat(err.toString()).contains("no destination named 'nope'; the file names [hook]");
        }
    }
}
