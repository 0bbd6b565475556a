package io.breachwatch.detector.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A summary is a function of the set of folded alerts: the same alerts in any order give the same summary. */
class SummaryBuilderTest {
    private static final Instant T0 = Instant.parse("2024-03-12T03:00:00Z");

    private static List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Entities repeat (i % 120); observed values tie on purpose (i % 50)
            alerts.add(PageFixtures.alert("auth.password_spray", Entity.sourceIp("198.51.100." + (i % 120)),
                    i == 7 ? Severity.CRITICAL : Severity.MEDIUM, T0.plusSeconds(i), i % 50));
        }
        return alerts;
    }

    private static AlertSummary summarize(List<Alert> alerts, Long leader) {
        SummaryBuilder builder = new SummaryBuilder(leader);
        alerts.forEach(builder::add);
        return builder.build(T0, Duration.ofMinutes(5));
    }

    @Test
    void orderDoesNotMatter() {
        List<Alert> alerts = alerts();
        AlertSummary inOrder = summarize(alerts, null);
        for (long seed = 1; seed <= 5; seed++) {
            List<Alert> shuffled = new ArrayList<>(alerts);
            Collections.shuffle(shuffled, new Random(seed));
            shuffled.addAll(shuffled.subList(0, 40)); // and with repeats
            assertThat(summarize(shuffled, null)).isEqualTo(inOrder);
        }
        assertThat(inOrder.alerts()).isEqualTo(300);
        assertThat(inOrder.entities()).isEqualTo(120);
        assertThat(inOrder.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(inOrder.top()).extracting(t -> t.value() + "=" + t.observed()).containsExactly(
                // 49 is the highest observed value (i = 49, 99, ..., 299: entities .49 .99 .29 .79 .9 .59);
                // ties go by entity value, as text
                "198.51.100.29=49.0", "198.51.100.49=49.0", "198.51.100.59=49.0", "198.51.100.79=49.0",
                "198.51.100.9=49.0");
        assertThat(inOrder.firstDetectedAt()).isEqualTo(T0);
        assertThat(inOrder.lastDetectedAt()).isEqualTo(T0.plusSeconds(299));
        assertThat(inOrder.alertIds()).isSorted().hasSize(300);
    }

    @Test
    void theLeaderIsNotCountedAgain() {
        List<Alert> alerts = alerts();
        AlertSummary summary = summarize(alerts, SummaryBuilder.hash(alerts.get(0).alertId()));
        assertThat(summary.alerts()).isEqualTo(299);
        assertThat(summary.afterLeader()).isTrue();
        assertThat(summary.alertIds()).doesNotContain(alerts.get(0).alertId());
    }

    @Test
    void entitiesAreCountedExactlyUpToTheCapThenAsMoreThan() {
        SummaryBuilder builder = new SummaryBuilder(null);
        for (int i = 0; i <= SummaryBuilder.MAX_ENTITIES; i++) {
            builder.add(PageFixtures.alert("net.host_sweep", new Entity("host", "h" + i), Severity.LOW, T0, 1));
        }
        AlertSummary summary = builder.build(T0, Duration.ofMinutes(5));
        assertThat(summary.entities()).isEqualTo(SummaryBuilder.MAX_ENTITIES);
        assertThat(summary.entitiesCapped()).isTrue();
        assertThat(summary.text()).contains("20,001 alerts on more than 20,000 host entities");
    }
}
