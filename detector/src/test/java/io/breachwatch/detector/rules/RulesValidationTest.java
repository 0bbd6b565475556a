package io.breachwatch.detector.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A rules file with mistakes gets every one of them back, each at the line to edit. */
class RulesValidationTest {
    private final RulesLoader loader = new RulesLoader();

    private List<String> errors(String yaml) {
        return loader.validate("rules.yaml", yaml).stream().map(RuleError::toString).toList();
    }

    @Test
    void everyMistakeIsReportedAtItsLine() {
        String yaml = """
                version: 1
                rules:
                  - id: custom.login_burst
                    title: Login burst
                    event: auth
                    where: { outcome: failure, usr: bob, source_ip: { cidr: [10.0.0.0/33] } }
                    group_by: [source_ip, hostname]
                    windw: 5m
                    window: 9d
                    aggregate: { type: count, at_least: 0 }
                    severity: severe
                    attack: [T1110.1]
                    suppression: -PT5M
                    summary: "{entity} did {observd} things"
                  - id: Custom-Rule
                    title: Bad id
                  - id: custom.sum_users
                    title: Sum of users
                    event: auth
                    group_by: source_ip
                    window: 1m
                    aggregate: { type: sum, field: user, at_least: 10, min_share: 0.5 }
                    severity: low
                    suppression: 1m
                    summary: "{entity}"
                  - id: custom.login_burst
                    title: again
                """;

        assertThat(errors(yaml)).containsExactly(
                "rules.yaml:6: where: unknown auth field 'usr' (did you mean 'user'?); auth fields: event_id, user, "
                        + "source_ip, outcome, method, reason, service, host, platform",
                "rules.yaml:6: where.source_ip.cidr: '10.0.0.0/33': the prefix length must be 0 to 32",
                "rules.yaml:7: group_by: unknown auth field 'hostname' (did you mean 'host'?); auth fields: event_id, user, source_ip, "
                        + "outcome, method, reason, service, host, platform",
                "rules.yaml:8: unknown key 'windw' in a rule (did you mean 'window'?); known keys: id, title, "
                        + "description, event, where, group_by, window, grace, aggregate, severity, attack, "
                        + "suppression, explain_by, summary, enabled",
                "rules.yaml:9: window: must be more than 0 and at most 7d",
                "rules.yaml:10: aggregate.at_least: must be more than 0, not 0",
                "rules.yaml:11: severity: 'severe' is not a severity (low, medium, high or critical)",
                "rules.yaml:12: attack: 'T1110.1' is not an ATT&CK technique id (T1110 or T1110.001)",
                "rules.yaml:13: suppression: must be between 0 and 7d (state is kept for the suppression period)",
                "rules.yaml:14: summary: {observd} is not a placeholder (did you mean 'observed'?); known: {entity} "
                        + "{observed} {threshold} {window} {span} {events} {top} {top:N} {rule} {event.FIELD}, and "
                        + "per aggregate {min_events} {share} {baseline_mean} {baseline_sigma} {ratio} {new_value} "
                        + "{known_values}",
                "rules.yaml:15: id: 'Custom-Rule' is not a rule id: lower-case words joined by dots, e.g. "
                        + "auth.brute_force.source",
                "rules.yaml:22: aggregate: 'min_share' does not apply to type sum (it belongs to proportion); sum "
                        + "takes type, field, at_least",
                "rules.yaml:22: aggregate.field: 'user' is not a number field; sum applies to status, "
                        + "response_bytes, records, src_port, dst_port, bytes_out, bytes_in",
                "rules.yaml:26: duplicate id 'custom.login_burst' (first defined at line 3)");
    }

    @Test
    void aNewRuleMustBeComplete() {
        String yaml = """
                version: 1
                rules:
                  - id: custom.quiet_rule
                    title: Incomplete
                    event: net
                """;

        assertThat(errors(yaml)).containsExactly(
                "rules.yaml:3: rule 'custom.quiet_rule' is missing required key 'group_by'",
                "rules.yaml:3: rule 'custom.quiet_rule' is missing required key 'aggregate'",
                "rules.yaml:3: rule 'custom.quiet_rule' is missing required key 'severity'",
                "rules.yaml:3: rule 'custom.quiet_rule' is missing required key 'suppression'",
                "rules.yaml:3: rule 'custom.quiet_rule' is missing required key 'summary'",
                "rules.yaml:3: rule 'custom.quiet_rule' is missing required key 'window'");
    }

    @Test
    void valuesOfTheWrongTypeAreNamed() {
        String yaml = """
                version: 1
                rules:
                  - id: custom.types
                    title: [not, text]
                    event: AUTH
                    group_by: { a: b }
                    window: 90
                    grace: soon
                    aggregate:
                      type: distinct_count
                      field: user
                      at_least: "10"
                      min_events: 2.5
                      max_top_share: 50%
                    severity: high
                    suppression: 10m
                    summary: ok
                    enabled: yes
                """;

        assertThat(errors(yaml)).containsExactly(
                "rules.yaml:4: title: must be a single value, not a list",
                "rules.yaml:5: event: 'AUTH' is not an event type (auth, api or net)",
                "rules.yaml:6: group_by: must be a single value, not a mapping",
                "rules.yaml:7: window: '90' has no unit (write e.g. 90s or 90m)",
                "rules.yaml:8: grace: 'soon' is not a duration (write e.g. 500ms, 90s, 15m, 2h, 7d or ISO-8601 PT15M)",
                "rules.yaml:12: aggregate.at_least: must be a number, not the quoted text \"10\"",
                "rules.yaml:13: aggregate.min_events: must be a whole number, not '2.5'",
                "rules.yaml:14: aggregate.max_top_share: must be a number, not '50%' (write a share as 0.5, not 50%)",
                "rules.yaml:18: enabled: must be true or false, not 'yes'");
    }

    @Test
    void conditionsAndAggregatesAreCheckedAgainstTheEventType() {
        String yaml = """
                version: 1
                rules:
                  - id: custom.api_checks
                    title: API checks
                    event: api
                    where:
                      status: { gte: 500, lte: 400 }
                      operation: { gte: 1, prefix: [GET /a] }
                      client_id: { cidr: [10.0.0.0/8] }
                      source_ip: { not_cidr: [10.0.0.1/8, example.com], present: maybe, startswith: x }
                      method: [GET, null]
                      records: [many]
                    group_by: [client_id, client_id, platform]
                    window: 1m
                    aggregate:
                      type: proportion
                      matching: { stat: 500 }
                      at_least: 20
                      min_share: 1.5
                    severity: low
                    attack: T1190
                    suppression: 0s
                    explain_by: customer
                    summary: "{top} {baseline_mean} {event.user} {top:50} {oops"
                """;

        assertThat(errors(yaml)).containsExactly(
                "rules.yaml:7: where.status: gte 500 is above lte 400: nothing can match",
                "rules.yaml:8: where.operation.gte: 'operation' is not a number field; gte and lte apply to status, "
                        + "response_bytes, records, src_port, dst_port, bytes_out, bytes_in",
                "rules.yaml:9: where.client_id.cidr: 'client_id' is not an address field; cidr and not_cidr apply to "
                        + "source_ip, src_ip and dst_ip",
                "rules.yaml:10: where.source_ip.not_cidr: '10.0.0.1/8' has host bits set after /8 (did you mean "
                        + "'10.0.0.0/8'?)",
                "rules.yaml:10: where.source_ip.not_cidr: 'example.com' is not an IPv4 or IPv6 network (e.g. "
                        + "10.0.0.0/8, fc00::/7)",
                "rules.yaml:10: where.source_ip.present: must be true or false, not 'maybe'",
                "rules.yaml:10: where.source_ip: unknown condition 'startswith'; use [in, not_in, gte, lte, cidr, "
                        + "not_cidr, present, prefix]",
                "rules.yaml:11: where.method: has no value",
                "rules.yaml:12: where.records: 'records' is a number; 'many' can never match",
                "rules.yaml:13: group_by: 'client_id' is listed twice",
                "rules.yaml:13: group_by: 'platform' is one platform-wide entity; it cannot be combined with other "
                        + "fields",
                "rules.yaml:17: aggregate.matching: unknown api field 'stat' (did you mean 'status'?); api fields: "
                        + "event_id, client_id, client_type, source_ip, method, operation, status, response_bytes, "
                        + "records, customer_id, platform",
                "rules.yaml:19: aggregate.min_share: must be a share above 0 and at most 1 (0.5 = half), not 1.5",
                "rules.yaml:23: explain_by: unknown api field 'customer' (did you mean 'customer_id'?); api fields: "
                        + "event_id, client_id, client_type, source_ip, method, operation, status, response_bytes, "
                        + "records, customer_id, platform",
                "rules.yaml:24: summary: '{' at character 45 is never closed",
                "rules.yaml:24: summary: {baseline_mean} is only filled in for baseline rules",
                "rules.yaml:24: summary: {event.user} names no api field",
                "rules.yaml:24: summary: {top:50} must be {top} or {top:N} with N from 1 to 20");
    }

    @Test
    void baselineAndFirstSeenTakeTheirOwnSpans() {
        String yaml = """
                version: 1
                rules:
                  - id: custom.baseline
                    title: Baseline
                    event: net
                    group_by: src_ip
                    window: 5m
                    aggregate: { type: baseline, measure: sum, field: protocol, bucket: 2d, warm_up: 0, sigma: 0 }
                    severity: low
                    suppression: 1h
                    summary: "{entity} {top} {events}"
                  - id: custom.first_seen
                    title: First seen
                    event: net
                    group_by: src_ip
                    aggregate: { type: first_seen, field: dst_port, learning: 0s, max_values: 100000 }
                    severity: low
                    suppression: 1h
                    summary: "{entity} {new_value} {known_values}"
                  - id: custom.count_baseline_field
                    title: Count with field
                    event: net
                    group_by: src_ip
                    aggregate: { type: baseline, measure: count, field: bytes_out, bucket: 1m, warm_up: 5, sigma: 3 }
                    severity: low
                    suppression: 1h
                    summary: "{entity}"
                """;

        assertThat(errors(yaml)).containsExactly(
                "rules.yaml:7: window: does not apply to baseline rules: the current value is measured per "
                        + "aggregate.bucket (remove it, or write window: null in an override)",
                "rules.yaml:8: aggregate.field: 'protocol' is not a number field; sum applies to status, "
                        + "response_bytes, records, src_port, dst_port, bytes_out, bytes_in",
                "rules.yaml:8: aggregate.bucket: must be more than 0 and at most 1d",
                "rules.yaml:8: aggregate.warm_up: must be more than 0, not 0",
                "rules.yaml:8: aggregate.sigma: must be more than 0",
                "rules.yaml:11: summary: {top} is always empty for baseline rules (they keep no per-event breakdown)",
                "rules.yaml:11: summary: {events} is not filled in for baseline rules",
                "rules.yaml:16: aggregate.learning: must be more than 0 and at most 30d",
                "rules.yaml:16: aggregate.max_values: must be at most 10000 (values are remembered per entity)",
                "rules.yaml:24: aggregate.field: a count baseline counts events and takes no field");
    }

    @Test
    void theTopLevelIsChecked() {
        assertThat(errors("")).containsExactly("rules.yaml: empty rules file: expected 'version: 1' and 'rules:'");
        assertThat(errors("- a\n- b\n")).containsExactly(
                "rules.yaml:1: a rules file is a mapping with 'version: 1' and 'rules:', not a list");
        assertThat(errors("version: 2\nrule: []\n")).containsExactly(
                "rules.yaml:1: version: unsupported version 2; this breachwatch reads version 1",
                "rules.yaml:1: missing 'rules:' (the list of rules; rules: [] for none)",
                "rules.yaml:2: unknown key 'rule' at the top level (did you mean 'rules'?); known keys: version, "
                        + "rules");
        assertThat(errors("version: 1\nrules:\n  - just text\n  - title: no id\n")).containsExactly(
                "rules.yaml:3: each rule is a mapping starting with '- id: ...', not a value",
                "rules.yaml:4: rule without 'id' (every rule starts with '- id: family.name')");
        assertThat(errors("version: 1\nrules: [\n")).singleElement().asString()
                .startsWith("rules.yaml:3: YAML syntax: ");
        assertThat(errors("version: 1\nrules: []\n")).isEmpty();
        assertThat(errors("version: 1\nrules:\n")).as("every rule commented out").isEmpty();
    }

    @Test
    void theSpecKeepsWhatWasWritten() {
        RuleSet set = loader.load("rules.yaml", """
                version: 1
                rules:
                  - id: custom.vpn_scan
                    title: VPN port scan
                    description: A scanner on the VPN range.
                    event: net
                    where:
                      src_ip: { cidr: [10.8.0.0/16, "2001:db8::/32"] }
                      dst_port: { gte: 1, lte: 1024, not_in: [53] }
                      state: [S0, REJ]
                    group_by: src_ip
                    window: 2m
                    grace: 30s
                    aggregate: { type: distinct_count, field: dst_port, at_least: 40, min_events: 50, max_top_share: 0.2 }
                    severity: critical
                    attack: T1046
                    suppression: 1h
                    explain_by: dst_ip
                    summary: "{entity}: {observed} ports ({events} probes) in {span}; {top:3}"
                    enabled: false
                """);

        RuleSpec rule = set.byId("custom.vpn_scan").orElseThrow();
        assertThat(rule).isEqualTo(new RuleSpec("custom.vpn_scan", "VPN port scan", "A scanner on the VPN range.",
                io.breachwatch.schema.EventType.NET, new Filter(java.util.Map.of(
                        "src_ip", new Condition(null, null, null, null, List.of("10.8.0.0/16", "2001:db8::/32"), null,
                                null, null),
                        "dst_port", new Condition(null, List.of("53"), 1L, 1024L, null, null, null, null),
                        "state", new Condition(List.of("S0", "REJ"), null, null, null, null, null, null, null))),
                List.of("src_ip"), java.time.Duration.ofMinutes(2), java.time.Duration.ofSeconds(30),
                new AggregateSpec.DistinctCount("dst_port", 40, 50, 0.2), io.breachwatch.schema.Severity.CRITICAL,
                List.of("T1046"), java.time.Duration.ofHours(1), "{entity}: {observed} ports ({events} probes) in "
                        + "{span}; {top:3}", "dst_ip", false, new Origin("rules.yaml", 3)));
        assertThat(set.enabled()).doesNotContain(rule);
        assertThat(set.all()).endsWith(rule);
    }
}
