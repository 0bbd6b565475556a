package io.breachwatch.detector.detections;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import java.time.Instant;
import java.util.List;

/**
 * What a detection test pins of each alert, so that a test can state the full expected alert list in one line per
 * alert: which rule fired on which entity, the start of the counted window (for baselines: the bucket), the event
 * that first made the condition true, and the number against its threshold (rounded to 0.01, so that a learned
 * mean + 4σ can be written as a literal).
 */
record Raised(String ruleId, Entity entity, Instant windowStart, Instant detectedAt, double observed,
              double threshold) {

    static Raised of(Alert alert) {
        return new Raised(alert.ruleId(), alert.entity(), alert.windowStart(), alert.detectedAt(),
                round(alert.observed()), round(alert.threshold()));
    }

    static List<Raised> all(List<Alert> alerts) {
        return alerts.stream().map(Raised::of).toList();
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
