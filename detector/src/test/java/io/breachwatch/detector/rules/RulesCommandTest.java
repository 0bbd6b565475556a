package io.breachwatch.detector.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.cli.BreachwatchCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code breachwatch rules validate FILE} and {@code breachwatch rules list}: output and exit codes. */
class RulesCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = BreachwatchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path file(String yaml) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void validatePrintsEveryErrorAndExitsOne() throws IOException {
        Path file = file("""
                version: 1
                rules:
                  - id: auth.brute_force.source
                    aggregate: { at_least: 0 }
                    severity: urgent
                """);

        int exit = run("rules", "validate", file.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                file + ":4: aggregate.at_least: must be more than 0, not 0",
                file + ":5: severity: 'urgent' is not a severity (low, medium, high or critical)",
                file + ": 2 errors");
    }

    @Test
    void validateSaysOkAndExitsZero() throws IOException {
        Path file = file("""
                version: 1
                rules:
                  - id: auth.brute_force.source
                    aggregate: { at_least: 12 }
                  - id: net.port_scan.slow
                    enabled: false
                """);

        int exit = run("rules", "validate", file.toString());

        assertThat(exit).isZero();
        int total = new RulesLoader().defaults().size();
        assertThat(out.toString()).isEqualTo(file + ": 2 rules OK (2 overriding built-in rules, 0 new); " + total
                + " rules in effect, " + (total - 1) + " enabled" + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void validateOfAMissingFileFails() {
        Path missing = dir.resolve("nope.yaml");

        assertThat(run("rules", "validate", missing.toString())).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(missing + ": cannot read: no such file",
                missing + ": 1 error");
    }

    @Test
    void listShowsTheEffectiveRulesWithTheirOrigins() throws IOException {
        Path file = file("""
                version: 1
                rules:
                  - id: auth.brute_force.source
                    aggregate: { at_least: 12 }
                    enabled: false
                """);

        int exit = run("rules", "list", "--rules", file.toString());

        assertThat(exit).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("ON", "EVENT", "GROUP BY", "WINDOW", "AGGREGATE",
                "SEVERITY", "ATT&CK", "ORIGIN");
        RuleSet defaults = new RulesLoader().defaults();
        assertThat(lines).hasSize(defaults.size() + 2);
        String bruteForce = lines.stream().filter(l -> l.startsWith("auth.brute_force.source ")).findFirst()
                .orElseThrow();
        assertThat(bruteForce.split("\\s{2,}")).containsExactly("auth.brute_force.source", "no", "auth",
                "source_ip", "2m", "count >= 12", "medium", "T1110.001",
                defaults.byId("auth.brute_force.source").orElseThrow().origin() + ", changed at " + file + ":3");
        assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s{2,}")).containsExactly("auth.password_spray",
                "yes", "auth", "source_ip", "5m", "distinct user >= 10, events >= 20, top share <= 0.5", "high",
                "T1110.003", defaults.byId("auth.password_spray").orElseThrow().origin().toString()));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("net.port_scan ")
                .contains("src_ip+dst_ip", "distinct dst_port >= 25"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("auth.failure_surge ")
                .contains("baseline count per 1m > mean+4sd, >= 3x mean, >= 30 (warm-up 30)"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo(defaults.size() + " rules, " + (defaults.size() - 1)
                + " enabled (built-in catalogue + " + file + ")");
    }

    @Test
    void listWithABrokenFilePrintsTheErrorsAndExitsOne() throws IOException {
        Path file = file("version: 1\nrules:\n  - id: auth.brute_force.source\n    windoww: 3m\n");

        assertThat(run("rules", "list", "--rules", file.toString())).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).first().asString()
                .startsWith(file + ":4: unknown key 'windoww' in a rule (did you mean 'window'?)");
    }

    @Test
    void listWithoutAFileShowsTheCatalogue() {
        assertThat(run("rules", "list")).isZero();
        assertThat(out.toString()).contains("api.sensitive_write", "net.egress_spike")
                .endsWith("enabled (built-in catalogue)" + System.lineSeparator());
    }

    @Test
    void rulesWithoutASubcommandIsAUsageError() {
        assertThat(run("rules")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand");
    }
}
