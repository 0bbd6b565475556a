package io.breachwatch.detector.core;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Drives the detection core directly, as offline replay does: one activity per source address. */
final class DetectionHarness {
    final SourceIpDetector detector;
    final Map<String, SourceActivity> activities = new HashMap<>();
    final List<AuthEvent> late = new ArrayList<>();

    DetectionHarness(Catalogue catalogue) {
        this.detector = new SourceIpDetector(catalogue.sourceIpRules(), Duration.ofMinutes(15));
    }

    DetectionHarness() {
        this(Catalogue.DEFAULT);
    }

    List<Alert> feed(List<AuthEvent> events) {
        List<Alert> alerts = new ArrayList<>();
        for (AuthEvent event : events) {
            SourceIpDetector.Verdict verdict = detector.onEvent(event,
                    activities.computeIfAbsent(event.sourceIp(), ip -> new SourceActivity()));
            if (verdict.late()) {
                late.add(event);
            }
            alerts.addAll(verdict.alerts());
        }
        return alerts;
    }

    @SafeVarargs
    static List<AuthEvent> concat(List<AuthEvent>... parts) {
        List<AuthEvent> all = new ArrayList<>();
        for (List<AuthEvent> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
