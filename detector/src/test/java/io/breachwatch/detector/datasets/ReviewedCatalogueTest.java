package io.breachwatch.detector.datasets;

import static io.breachwatch.detector.datasets.ReviewedCatalogue.BRUTE_FORCE_ACCOUNT;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.BRUTE_FORCE_SOURCE;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.CREDENTIAL_STUFFING;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.ERROR_BURST;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.HOST_SWEEP;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.KEY_ENUMERATION;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.PASSWORD_SPRAY;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.PORT_SCAN;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.PORT_SCAN_SLOW;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.SUCCESS_AFTER_FAILURES;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.rules.AggregateSpec;
import io.breachwatch.detector.rules.Condition;
import io.breachwatch.detector.rules.RuleSet;
import io.breachwatch.detector.rules.RuleSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dataset expectations of this package hold for the catalogue as it was when they were derived. When this test
 * fails, default-rules.yaml changed: re-derive the expected alerts of the dataset tests (their comments say how),
 * then update {@link ReviewedCatalogue}.
 */
class ReviewedCatalogueTest {
    private static final String CHANGED = "default-rules.yaml changed since the dataset expectations were derived; "
            + "re-derive them (datasets/*DetectionTest) and update ReviewedCatalogue";

    private final RuleSet catalogue = DetectorConfig.defaults().ruleSet();

    @Test
    void theDefaultConfigurationRunsExactlyTheReviewedRules() {
        assertThat(DetectorConfig.defaults().rules()).extracting(RuleSpec::id).as(CHANGED)
                .containsExactlyElementsOf(ReviewedCatalogue.RULE_IDS);
        assertThat(DetectorConfig.defaults().grace()).as(CHANGED).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theWindowedRulesHaveTheReviewedThresholds() {
        assertCount(BRUTE_FORCE_SOURCE, "source_ip");
        assertCount(BRUTE_FORCE_ACCOUNT, "user");
        assertDistinct(PASSWORD_SPRAY, "source_ip", "user", ReviewedCatalogue.SPRAY_MIN_EVENTS,
                ReviewedCatalogue.SPRAY_TOP_SHARE);
        assertDistinct(CREDENTIAL_STUFFING, "source_ip", "user", ReviewedCatalogue.STUFFING_MIN_EVENTS,
                ReviewedCatalogue.STUFFING_TOP_SHARE);
        assertDistinct(PORT_SCAN, "src_ip", "dst_port", 0, 1.0);
        assertDistinct(PORT_SCAN_SLOW, "src_ip", "dst_port", 0, 1.0);
        assertDistinct(HOST_SWEEP, "src_ip", "dst_ip", 0, 1.0);
        assertThat(rule(PORT_SCAN.id()).groupBy()).as(CHANGED).containsExactly("src_ip", "dst_ip");
        assertThat(rule(HOST_SWEEP.id()).where().fields().get("dst_ip").cidr()).as(CHANGED)
                .containsExactlyElementsOf(ReviewedCatalogue.INTERNAL_NETWORKS);

        assertDistinct(KEY_ENUMERATION, "source_ip", "client_id", 0, 1.0);
        assertThat(rule(KEY_ENUMERATION.id()).groupBy()).as(CHANGED).containsExactly("source_ip");
        assertThat(rule(KEY_ENUMERATION.id()).where().fields()).as(CHANGED).containsOnlyKeys("status");
        assertThat(rule(KEY_ENUMERATION.id()).where().fields().get("status").in()).as(CHANGED)
                .containsExactlyInAnyOrderElementsOf(ReviewedCatalogue.KEY_ENUMERATION_STATUSES.stream()
                        .map(String::valueOf).toList());

        RuleSpec sequence = rule(SUCCESS_AFTER_FAILURES.id());
        assertWindow(sequence, SUCCESS_AFTER_FAILURES);
        assertThat(sequence.groupBy()).as(CHANGED).containsExactly("source_ip");
        assertThat(((AggregateSpec.Sequence) sequence.aggregate()).atLeast()).as(CHANGED)
                .isEqualTo(SUCCESS_AFTER_FAILURES.atLeast());

        RuleSpec errors = rule(ERROR_BURST.id());
        assertWindow(errors, ERROR_BURST);
        assertThat(errors.groupBy()).as(CHANGED).containsExactly("client_id", "source_ip");
        assertThat(errors.where().fields()).as(CHANGED).isEmpty();
        AggregateSpec.Proportion proportion = (AggregateSpec.Proportion) errors.aggregate();
        assertThat(proportion.atLeast()).as(CHANGED).isEqualTo(ERROR_BURST.atLeast());
        assertThat(proportion.minShare()).as(CHANGED).isEqualTo(ReviewedCatalogue.ERROR_BURST_MIN_SHARE);
        assertThat(proportion.matching().fields()).as(CHANGED).containsOnlyKeys("status");
        assertThat(proportion.matching().fields().get("status").in()).as(CHANGED).containsExactlyInAnyOrderElementsOf(
                ReviewedCatalogue.ERROR_BURST_STATUSES.stream().map(String::valueOf).toList());
    }

    @Test
    void theBaselineRulesHaveTheReviewedParameters() {
        RuleSpec surge = rule(ReviewedCatalogue.FAILURE_SURGE);
        assertThat(surge.groupBy()).as(CHANGED).containsExactly("platform");
        assertThat(surge.suppression()).as(CHANGED).isEqualTo(ReviewedCatalogue.SURGE_SUPPRESSION);
        assertThat(surge.aggregate()).as(CHANGED).isEqualTo(new AggregateSpec.Baseline(AggregateSpec.Measure.COUNT,
                null, ReviewedCatalogue.SURGE_BUCKET, ReviewedCatalogue.SURGE_WARM_UP, ReviewedCatalogue.SURGE_SIGMA,
                ReviewedCatalogue.SURGE_MIN_RATIO, ReviewedCatalogue.SURGE_FLOOR));

        AggregateSpec.Baseline egress = (AggregateSpec.Baseline) rule(ReviewedCatalogue.EGRESS_SPIKE).aggregate();
        assertThat(egress.floor()).as(CHANGED).isEqualTo((double) ReviewedCatalogue.EGRESS_FLOOR_BYTES);
    }

    @Test
    void theVendorRulesSeeOnlyThirdPartyClients() {
        for (String id : ReviewedCatalogue.THIRD_PARTY_API_RULES) {
            Condition clientType = rule(id).where().fields().get("client_type");
            assertThat(clientType).as(id + ": " + CHANGED).isNotNull();
            assertThat(clientType.in()).as(id + ": " + CHANGED).containsExactly("third_party");
        }
    }

    private void assertCount(ReviewedCatalogue.Windowed reviewed, String groupBy) {
        RuleSpec spec = rule(reviewed.id());
        assertWindow(spec, reviewed);
        assertThat(spec.groupBy()).as(reviewed.id() + ": " + CHANGED).containsExactly(groupBy);
        assertThat(spec.aggregate()).as(reviewed.id() + ": " + CHANGED)
                .isEqualTo(new AggregateSpec.Count(reviewed.atLeast()));
    }

    private void assertDistinct(ReviewedCatalogue.Windowed reviewed, String firstKey, String field, long minEvents,
                                double maxTopShare) {
        RuleSpec spec = rule(reviewed.id());
        assertWindow(spec, reviewed);
        assertThat(spec.groupBy().get(0)).as(reviewed.id() + ": " + CHANGED).isEqualTo(firstKey);
        assertThat(spec.aggregate()).as(reviewed.id() + ": " + CHANGED)
                .isEqualTo(new AggregateSpec.DistinctCount(field, reviewed.atLeast(), minEvents, maxTopShare));
    }

    private void assertWindow(RuleSpec spec, ReviewedCatalogue.Windowed reviewed) {
        assertThat(List.of(spec.window(), spec.suppression())).as(reviewed.id() + ": " + CHANGED)
                .containsExactly(reviewed.window(), reviewed.suppression());
        assertThat(spec.grace()).as(reviewed.id() + ": per-rule grace; " + CHANGED).isNull();
    }

    private RuleSpec rule(String id) {
        return catalogue.byId(id).orElseThrow(() -> new AssertionError(id + " is gone: " + CHANGED));
    }
}
