package io.breachwatch.detector.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.detector.simulate.Simulation;
import io.breachwatch.schema.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The false-positive figure: one million events of seeded normal traffic (a working day from 06:00 UTC: logins with
 * typos and forgotten passwords, vendors' API habits, hosts' egress) through the whole built-in catalogue, with
 * first-seen rules learning for 30 minutes instead of 3 days so that they are live for most of the run.
 */
class NormalTrafficFalsePositivesTest {

    @Test
    void aMillionNormalEventsRaiseNoAlert() {
        DetectorConfig config = DetectorConfig.defaults().withRulesFile(ScenarioCatalogueTest.COMPRESSED_LEARNING);
        OfflineDetection detection = new OfflineDetection(DetectionEngine.of(config.rules(), config.grace()));
        // 1,000,000 events at 100/s: 2 h 47 min of virtual time, through the morning ramp-up of the diurnal curve
        Simulation normal = Simulation.create(Simulation.Settings.of("normal", Instant.parse("2026-03-16T06:00:00Z"))
                .withSeed(42).withRate(100).withDuration(Duration.ofSeconds(10_000)));

        Map<String, Integer> alerts = new TreeMap<>();
        long events = 0;
        while (normal.hasNext()) {
            for (Alert alert : detection.feed(normal.next().event())) {
                alerts.merge(alert.ruleId(), 1, Integer::sum);
            }
            events++;
        }

        double perMillion = alerts.values().stream().mapToInt(Integer::intValue).sum() * 1e6 / events;
        System.out.printf("false positives: %.1f alerts per million normal events (%,d events, by rule %s)%n",
                perMillion, events, alerts);
        assertThat(events).isBetween(990_000L, 1_010_000L);
        assertThat(alerts).isEmpty();
        assertThat(detection.incidents()).isEmpty();
    }
}
