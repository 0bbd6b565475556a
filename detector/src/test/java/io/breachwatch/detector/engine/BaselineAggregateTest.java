package io.breachwatch.detector.engine;

import static io.breachwatch.detector.engine.EngineFixtures.T0;
import static io.breachwatch.detector.engine.EngineFixtures.call;
import static io.breachwatch.detector.engine.EngineFixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.detector.rules.AggregateSpec;
import io.breachwatch.detector.rules.Filter;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deviation from a learned per-entity baseline: warm-up, sigma, ratio and floor, empty buckets as zeros. */
class BaselineAggregateTest {
    /** Calls per minute per client, alert above mean + 4σ and ≥ 3× mean and ≥ 50, after 30 minutes of history. */
    private static OfflineDetection volume() {
        return new OfflineDetection(DetectionEngine.of(List.of(rule("api.volume", EventType.API, Filter.ALL,
                List.of("client_id"), Duration.ofMinutes(1), new AggregateSpec.Baseline(AggregateSpec.Measure.COUNT,
                        null, Duration.ofMinutes(1), 30, 4, 3, 50), null)), Duration.ofMinutes(15)));
    }

    /** {@code perMinute[i]} calls spread over minute i. */
    private static List<ApiCallEvent> minutes(String client, int... perMinute) {
        List<ApiCallEvent> events = new ArrayList<>();
        for (int m = 0; m < perMinute.length; m++) {
            for (int i = 0; i < perMinute[m]; i++) {
                events.add(call(client, "GET /orders/{id}", 1, null,
                        T0.plusSeconds(m * 60L + (i * 59L) / Math.max(1, perMinute[m]))));
            }
        }
        return events;
    }

    private static int[] steady(int minutes, int base, int burst) {
        int[] counts = new int[minutes + 1];
        for (int i = 0; i < minutes; i++) {
            counts[i] = base + (i % 3) - 1; // 19, 20, 21, ...: a little natural variance
        }
        counts[minutes] = burst;
        return counts;
    }

    @Test
    void aTenfoldBurstAfterWarmUpAlertsMidBucket() {
        List<Alert> alerts = volume().feedAll(minutes("vendor-acme", steady(40, 20, 200)));

        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.windowStart()).isEqualTo(T0.plus(Duration.ofMinutes(40)));
        // Fires as soon as the running count crosses the threshold, long before 200
        // (threshold: 3 × the learned mean of ~20 dominates mean + 4σ here)
        assertThat(alert.threshold()).isBetween(59.0, 61.0);
        assertThat(alert.observed()).isGreaterThanOrEqualTo(alert.threshold()).isLessThan(62);
    }

    @Test
    void noAlertDuringWarmUpHoweverLargeTheBurst() {
        assertThat(volume().feedAll(minutes("vendor-acme", steady(20, 20, 500)))).isEmpty();
    }

    @Test
    void twiceTheUsualIsNotEnough() {
        // 40 calls against a mean of 20: above mean + 4σ, but under 3× the mean
        assertThat(volume().feedAll(minutes("vendor-acme", steady(40, 20, 40)))).isEmpty();
    }

    @Test
    void aQuietEntityNeedsTheAbsoluteFloor() {
        // 1-2 calls a minute, then 30: far above mean + 4σ and 3× mean, but under the floor of 50
        int[] counts = new int[41];
        for (int i = 0; i < 40; i++) {
            counts[i] = 1 + i % 2;
        }
        counts[40] = 30;
        assertThat(volume().feedAll(minutes("vendor-quiet", counts))).isEmpty();
        counts[40] = 60;
        assertThat(volume().feedAll(minutes("vendor-quiet2", counts))).hasSize(1);
    }

    @Test
    void emptyMinutesCountAsZeros() {
        // Calls only every other minute (20 then nothing): the mean is 10, so 60 in a minute is 6× and alerts
        int[] counts = new int[41];
        for (int i = 0; i < 40; i++) {
            counts[i] = i % 2 == 0 ? 20 : 0;
        }
        counts[40] = 60;
        List<Alert> alerts = volume().feedAll(minutes("vendor-bursty", counts));

        assertThat(alerts).hasSize(1);
    }

    @Test
    void baselinesArePerEntity() {
        List<ApiCallEvent> events = new ArrayList<>(minutes("vendor-big", steady(40, 200, 200)));
        events.addAll(minutes("vendor-small", steady(40, 20, 20)));
        events.sort(java.util.Comparator.comparing(ApiCallEvent::timestamp));

        assertThat(volume().feedAll(events)).isEmpty();
    }
}
