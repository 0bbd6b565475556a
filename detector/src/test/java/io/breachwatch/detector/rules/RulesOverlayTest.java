package io.breachwatch.detector.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breachwatch.schema.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's rules file laid over the built-in catalogue: a built-in id changes only the keys given (the aggregate
 * key by key), a new id is a new, complete rule.
 */
class RulesOverlayTest {
    private final RulesLoader loader = new RulesLoader();
    private final RuleSet defaults = loader.defaults();

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path file = dir.resolve("my-rules.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void anOverrideChangesOnlyTheThresholdItGives() throws IOException {
        Path file = file("""
                version: 1
                rules:
                  - id: auth.brute_force.source
                    aggregate: { at_least: 12 }
                """);

        RuleSet set = loader.load(file);

        RuleSpec before = defaults.byId("auth.brute_force.source").orElseThrow();
        RuleSpec after = set.byId("auth.brute_force.source").orElseThrow();
        assertThat(after.aggregate()).isEqualTo(new AggregateSpec.Count(12));
        assertThat(after).usingRecursiveComparison().ignoringFields("aggregate").isEqualTo(before);
        assertThat(set.overriddenAt("auth.brute_force.source")).contains(new Origin(file.toString(), 3));
        assertThat(set.ids()).isEqualTo(defaults.ids());
        assertThat(set.all()).filteredOn(r -> !r.id().equals("auth.brute_force.source"))
                .isEqualTo(defaults.all().stream().filter(r -> !r.id().equals("auth.brute_force.source")).toList());
    }

    @Test
    void aggregateKeysMergeOneByOne() {
        RuleSet set = loader.load("my-rules.yaml", """
                version: 1
                rules:
                  - id: auth.password_spray
                    window: 10m
                    severity: critical
                    aggregate: { max_top_share: 0.3 }
                """);

        RuleSpec spray = set.byId("auth.password_spray").orElseThrow();
        assertThat(spray.aggregate()).isEqualTo(new AggregateSpec.DistinctCount("user", 10, 20, 0.3));
        assertThat(spray.window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spray.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(spray.origin()).as("still defined in the built-in file").isEqualTo(
                defaults.byId("auth.password_spray").orElseThrow().origin());
    }

    @Test
    void anotherAggregateTypeReplacesTheAggregate() {
        RuleSet set = loader.load("my-rules.yaml", """
                version: 1
                rules:
                  - id: auth.brute_force.account
                    aggregate: { type: distinct_count, field: source_ip, at_least: 5 }
                """);

        assertThat(set.byId("auth.brute_force.account").orElseThrow().aggregate())
                .isEqualTo(new AggregateSpec.DistinctCount("source_ip", 5, 0, 1.0));
    }

    @Test
    void enabledFalseSwitchesARuleOff() {
        RuleSet set = loader.load("my-rules.yaml", """
                version: 1
                rules:
                  - id: api.sensitive_write
                    enabled: false
                """);

        assertThat(set.byId("api.sensitive_write").orElseThrow().enabled()).isFalse();
        assertThat(set.enabled()).extracting(RuleSpec::id).doesNotContain("api.sensitive_write")
                .hasSize(defaults.size() - 1);
        assertThat(set.all()).hasSize(defaults.size());
    }

    @Test
    void aNewRuleIsAddedAfterTheCatalogue() {
        RuleSet set = loader.load("my-rules.yaml", """
                version: 1
                rules:
                  - id: auth.root_login
                    title: Root login
                    description: Anyone logging in as root.
                    event: auth
                    where: { user: root, outcome: success }
                    group_by: host
                    window: 1m
                    aggregate: { type: count, at_least: 1 }
                    severity: high
                    attack: [T1078.003]
                    suppression: 1h
                    summary: "root logged in on {entity} from {event.source_ip}"
                  - id: auth.brute_force.source
                    suppression: 20m
                """);

        assertThat(set.ids()).endsWith("auth.root_login").hasSize(defaults.size() + 1);
        RuleSpec root = set.byId("auth.root_login").orElseThrow();
        assertThat(root.origin()).isEqualTo(new Origin("my-rules.yaml", 3));
        assertThat(set.overriddenAt("auth.root_login")).isEmpty();
        assertThat(set.byId("auth.brute_force.source").orElseThrow().suppression()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void aNewRuleWithMissingKeysIsAnErrorAndANearMissOfABuiltInIdSaysSo() throws IOException {
        Path file = file("""
                version: 1
                rules:
                  - id: auth.brute_force.sourc
                    aggregate: { at_least: 12 }
                """);
        String name = file.toString();

        assertThat(loader.validate(file)).extracting(RuleError::toString).containsExactly(
                name + ":3: 'auth.brute_force.sourc' is not a built-in rule, so this entry is a new rule and needs "
                        + "every required key (did you mean 'auth.brute_force.source'?)",
                name + ":3: rule 'auth.brute_force.sourc' is missing required key 'title'",
                name + ":3: rule 'auth.brute_force.sourc' is missing required key 'event'",
                name + ":3: rule 'auth.brute_force.sourc' is missing required key 'group_by'",
                name + ":3: rule 'auth.brute_force.sourc' is missing required key 'severity'",
                name + ":3: rule 'auth.brute_force.sourc' is missing required key 'suppression'",
                name + ":3: rule 'auth.brute_force.sourc' is missing required key 'summary'",
                name + ":4: aggregate: missing 'type' (one of count, distinct_count, sum, proportion, sequence, "
                        + "baseline, first_seen)");
        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(RulesException.class)
                .hasMessageStartingWith("8 errors in the rules:\n" + name + ":3: ");
    }

    @Test
    void anOverrideIsCheckedAsTheWholeRuleItMakes() {
        assertThat(loader.validate("my-rules.yaml", """
                version: 1
                rules:
                  - id: auth.brute_force.source
                    aggregate: { at_least: -1, min_share: 0.5 }
                    explain_by: username
                    window: 8d
                  - id: net.egress_spike
                    aggregate: { type: count }
                """)).extracting(RuleError::toString).containsExactly(
                "my-rules.yaml:4: aggregate: 'min_share' does not apply to type count (it belongs to proportion); "
                        + "count takes type, at_least",
                "my-rules.yaml:4: aggregate.at_least: must be more than 0, not -1",
                "my-rules.yaml:5: explain_by: unknown auth field 'username' (did you mean 'user'?); auth fields: "
                        + "event_id, user, source_ip, outcome, method, reason, service, host, platform",
                "my-rules.yaml:6: window: must be more than 0 and at most 7d",
                "my-rules.yaml:7: rule 'net.egress_spike' is missing required key 'window'",
                "my-rules.yaml:8: aggregate: type count needs 'at_least'",
                "default-rules.yaml:" + line("net.egress_spike", "summary:") + ": summary: {ratio} is only filled "
                        + "in for baseline rules (inherited by the override at my-rules.yaml:7)",
                "default-rules.yaml:" + line("net.egress_spike", "summary:") + ": summary: {baseline_mean} is only "
                        + "filled in for baseline rules (inherited by the override at my-rules.yaml:7)",
                "default-rules.yaml:" + line("net.egress_spike", "summary:") + ": summary: {baseline_sigma} is only "
                        + "filled in for baseline rules (inherited by the override at my-rules.yaml:7)");
    }

    /** The line of the first {@code key} of rule {@code id} in the built-in file. */
    private int line(String id, String key) {
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream(RulesLoader.DEFAULT_RESOURCE)) {
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            int start = lines.indexOf("  - id: " + id);
            for (int i = start; i < lines.size(); i++) {
                if (lines.get(i).trim().startsWith(key)) {
                    return i + 1;
                }
            }
            throw new AssertionError(key + " not found in " + id);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aBaselineRuleTurnedIntoAWindowedOneNeedsAWindowAndBack() {
        RuleSet set = loader.load("my-rules.yaml", """
                version: 1
                rules:
                  - id: auth.failure_surge
                    window: 1m
                    aggregate: { type: count, at_least: 500 }
                    summary: "{observed} failed logins in {span}"
                  - id: auth.brute_force.account
                    window: null
                    aggregate: { type: baseline, measure: count, bucket: 5m, warm_up: 12, sigma: 4 }
                    summary: "{entity}: {observed} failures, baseline {baseline_mean}"
                """);

        assertThat(set.byId("auth.failure_surge").orElseThrow().aggregate()).isEqualTo(new AggregateSpec.Count(500));
        RuleSpec account = set.byId("auth.brute_force.account").orElseThrow();
        assertThat(account.aggregate()).isInstanceOf(AggregateSpec.Baseline.class);
        assertThat(account.window()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void duplicateIdsInTheUserFileAreErrorsButOverridingABuiltInIdIsNot() {
        assertThat(loader.validate("my-rules.yaml", """
                version: 1
                rules:
                  - id: auth.brute_force.source
                    enabled: false
                  - id: auth.brute_force.source
                    enabled: true
                """)).extracting(RuleError::toString).containsExactly(
                "my-rules.yaml:5: duplicate id 'auth.brute_force.source' (first defined at line 3)");
    }

    @Test
    void noUserFileMeansTheCatalogueAlone() {
        assertThat(loader.load((Path) null)).isSameAs(defaults);
        assertThat(loader.validate(dir.resolve("missing.yaml"))).extracting(RuleError::toString)
                .containsExactly(dir.resolve("missing.yaml") + ": cannot read: no such file");
        assertThat(List.of(new RulesLoader().defaults().ids())).isEqualTo(List.of(defaults.ids()));
    }
}
