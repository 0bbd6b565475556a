package io.breachwatch.detector.rules;

import io.breachwatch.detector.core.Catalogue;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Severity;
import java.util.List;
import java.util.Map;

/** The three login rules' settings as rule data (bridge until the catalogue is read from the rules file). */
public final class LoginRuleSpecs {
    private LoginRuleSpecs() {
    }

    private static final Filter FAILURES = new Filter(Map.of("outcome", Condition.equalTo("failure")));
    private static final Filter SUCCESSES = new Filter(Map.of("outcome", Condition.equalTo("success")));

    public static List<RuleSpec> of(Catalogue c) {
        return List.of(
                new RuleSpec("auth.brute_force.source", "Brute force from one source",
                        "One source address fails to log in many times in a short span.", EventType.AUTH, FAILURES,
                        List.of("source_ip"), c.bruteForce().window(), null,
                        new AggregateSpec.Count(c.bruteForce().failures()), Severity.MEDIUM, List.of("T1110.001"),
                        c.bruteForce().suppression(),
                        "Brute force: {observed} failed logins from {entity} in {span} (threshold {threshold} in "
                                + "{window}); users: {top}", "user", true, Origin.BUILT_IN),
                new RuleSpec("auth.password_spray", "Password spray from one source",
                        "One source fails against many distinct accounts.", EventType.AUTH, FAILURES,
                        List.of("source_ip"), c.passwordSpray().window(), null,
                        new AggregateSpec.DistinctCount("user", c.passwordSpray().distinctUsers(),
                                c.passwordSpray().failures(), c.passwordSpray().maxTopShare()),
                        Severity.HIGH, List.of("T1110.003"), c.passwordSpray().suppression(),
                        "Password spray: {entity} failed against {observed} accounts ({events} failures) in {span} "
                                + "(threshold {threshold} accounts and {min_events} failures in {window}); accounts "
                                + "include: {top:5}", "user", true, Origin.BUILT_IN),
                new RuleSpec("auth.success_after_failures", "Successful login after repeated failures",
                        "A source that has just failed repeatedly then logs in successfully.", EventType.AUTH,
                        Filter.ALL, List.of("source_ip"), c.successAfterFailures().window(), null,
                        new AggregateSpec.Sequence(FAILURES, c.successAfterFailures().failures(), SUCCESSES),
                        Severity.HIGH, List.of("T1110"), c.successAfterFailures().suppression(),
                        "Login succeeded for {event.user} from {entity} after {observed} failures in the preceding "
                                + "{span} (threshold {threshold}); failed users: {top}", "user", true,
                        Origin.BUILT_IN));
    }

    public static List<RuleSpec> defaults() {
        return of(Catalogue.DEFAULT);
    }

}
