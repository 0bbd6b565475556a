package io.breachwatch.detector.detections;

import io.breachwatch.detector.core.Catalogue;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.detector.rules.LoginRuleSpecs;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Drives the detection core directly, as offline replay does, with the default rules and a 15-minute grace. */
final class DetectionHarness {
    private final OfflineDetection detection;

    DetectionHarness(Catalogue catalogue) {
        this.detection = new OfflineDetection(DetectionEngine.of(LoginRuleSpecs.of(catalogue),
                Duration.ofMinutes(15)));
    }

    DetectionHarness() {
        this(Catalogue.DEFAULT);
    }

    List<Alert> feed(List<? extends CanonicalEvent> events) {
        return detection.feedAll(events);
    }

    long late() {
        return detection.lateEvents();
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
