package io.breachwatch.detector.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.cli.BreachwatchCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** `breachwatch simulate` without a broker: the scenario list and the argument checks. */
class SimulateCommandTest {

    private record Result(int exit, String out, String err) {
    }

    private static Result simulate(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 1];
            all[0] = "simulate";
            System.arraycopy(args, 0, all, 1, args.length);
            exit = BreachwatchCli.execute(all);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Result(exit, capturedOut.toString(StandardCharsets.UTF_8),
                capturedErr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listNamesEveryScenarioWithItsDescriptionAndExpectedSignals() {
        Result result = simulate("--list");

        assertThat(result.exit()).isZero();
        for (Scenarios.Entry entry : Scenarios.all()) {
            assertThat(result.out()).containsPattern("(?m)^" + entry.name() + " +" + java.util.regex.Pattern.quote(
                    entry.description()) + "$");
        }
        assertThat(result.out()).contains("expected: auth.brute_force.account, auth.brute_force.source")
                .contains("incident.breach_in_progress");
    }

    @Test
    void anUnknownScenarioIsRefusedWithTheListOfNames() {
        Result result = simulate("--scenario", "ddos");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("unknown scenario 'ddos'").contains("brute-force, password-spray");
    }

    @Test
    void aScenarioIsRequired() {
        Result result = simulate("--rate", "100");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Missing --scenario");
    }

    @Test
    void helpShowsTheOptions() {
        Result result = simulate("--help");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("--scenario=NAME", "--rate=EVENTS_PER_SECOND", "--duration=DURATION",
                "--seed", "--fast", "--list", "--attack-at", "--bootstrap-servers");
    }
}
