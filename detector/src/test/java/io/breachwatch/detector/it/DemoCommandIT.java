package io.breachwatch.detector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.cli.BreachwatchCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's first command: `breachwatch demo --duration 60s` starts a real broker, fast-forwards a simulated March
 * incident (vendor credential abuse, failed-login surge, rising egress: alerts of all three families and one
 * incident), then live logins with a brute force (T1110.001) and a password spray (T1110.003); it prints alerts as
 * they fire, exits 0 and leaves no process behind.
 */
@Tag("broker")
@Timeout(180)
class DemoCommandIT {

    @Test
    void demoPrintsTheMarchIncidentBruteForceAndSprayAndLeavesNothingRunning() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream tee = new PrintStream(new TeeStream(captured, original), true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            exit = BreachwatchCli.execute("demo", "--duration", "60s", "--metrics-address", "127.0.0.1:0");
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).isZero();
        assertThat(output.lines().filter(line -> line.contains(" ALERT ")))
                .anySatisfy(line -> assertThat(line).contains("auth.brute_force.source").contains("T1110.001")
                        .contains("source_ip=203.0.113.66"))
                .anySatisfy(line -> assertThat(line).contains("auth.password_spray").contains("T1110.003")
                        .contains("source_ip=198.51.100.77"))
                .anySatisfy(line -> assertThat(line).contains("api.sensitive_write").contains("T1565.001"))
                .anySatisfy(line -> assertThat(line).contains("net.egress_spike"));
        // The incident is printed when it opens and again as each further family joins it
        assertThat(output.lines().filter(line -> line.contains(" INCIDENT ")))
                .anySatisfy(line -> assertThat(line)
                        .containsPattern("INCIDENT CRITICAL \\[(api|auth|net), (api|auth|net), (api|auth|net)]"));
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive))
                .as("child processes left running").isEmpty();
    }

    /** Writes to two streams: the test reads one, the build log shows the other. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
