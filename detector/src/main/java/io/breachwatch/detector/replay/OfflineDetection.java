package io.breachwatch.detector.replay;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.core.SourceActivity;
import io.breachwatch.detector.core.SourceIpDetector;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second driver of the detection core: feeds events straight into the same {@link SourceIpDetector} the Kafka
 * Streams processor uses, with per-source activity in memory, so forensic replay of files needs no broker and
 * raises the same alerts (same ids) as live processing of the same events in the same per-source order.
 */
public final class OfflineDetection {
    private final SourceIpDetector bySourceIp;
    private final Map<String, SourceActivity> sources = new HashMap<>();
    private long late;

    public OfflineDetection(DetectorConfig config) {
        this.bySourceIp = new SourceIpDetector(config.catalogue().sourceIpRules(), config.grace());
    }

    /** Evaluates one event; returns the alerts it raised (usually none). */
    public List<Alert> feed(AuthEvent event) {
        SourceIpDetector.Verdict verdict = bySourceIp.onEvent(event,
                sources.computeIfAbsent(event.sourceIp(), ip -> new SourceActivity()));
        if (verdict.late()) {
            late++;
        }
        return verdict.alerts();
    }

    public List<Alert> feedAll(Iterable<AuthEvent> events) {
        List<Alert> alerts = new ArrayList<>();
        for (AuthEvent event : events) {
            alerts.addAll(feed(event));
        }
        return alerts;
    }

    /** Events that arrived beyond grace (live processing dead-letters these with reason "late"). */
    public long lateEvents() {
        return late;
    }
}
