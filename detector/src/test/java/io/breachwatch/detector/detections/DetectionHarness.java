package io.breachwatch.detector.detections;

import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.detector.rules.RulesLoader;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Drives the detection core directly, as offline replay does, with built-in rules and a 15-minute grace. */
final class DetectionHarness {
    private final OfflineDetection detection;

    /** The given rules of the built-in catalogue (rules under test, without the others' alerts). */
    DetectionHarness(String... ruleIds) {
        java.util.List<io.breachwatch.detector.rules.RuleSpec> rules = new RulesLoader().defaults().enabled();
        if (ruleIds.length > 0) {
            java.util.Set<String> wanted = java.util.Set.of(ruleIds);
            rules = rules.stream().filter(r -> wanted.contains(r.id())).toList();
        }
        this.detection = new OfflineDetection(DetectionEngine.of(rules, Duration.ofMinutes(15)));
    }

    List<Alert> feed(List<? extends CanonicalEvent> events) {
        return detection.feedAll(events);
    }

    long late() {
        return detection.lateEvents();
    }

    /** Incidents so far, the latest version of each (as the compacted incident topic keeps them). */
    List<io.breachwatch.schema.Incident> incidents() {
        return detection.incidents();
    }

    @SafeVarargs
    static <E> List<E> concat(List<? extends E>... parts) {
        List<E> all = new ArrayList<>();
        for (List<? extends E> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
