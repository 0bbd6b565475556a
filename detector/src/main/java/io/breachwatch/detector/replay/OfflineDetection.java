package io.breachwatch.detector.replay;

import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.engine.EntityState;
import io.breachwatch.detector.engine.GroupDetector;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The second driver of the detection core: feeds events straight into the same {@link GroupDetector}s the Kafka
 * Streams processors use, with per-entity state in memory, so forensic replay of files needs no broker and raises
 * the same alerts (same ids) as live processing of the same events in the same per-entity order.
 */
public final class OfflineDetection {
    private final List<Group> groups = new ArrayList<>();
    private final io.breachwatch.detector.engine.IncidentCorrelator correlator = new io.breachwatch.detector.engine
            .IncidentCorrelator(io.breachwatch.detector.topology.BreachwatchTopology.INCIDENT_WINDOW);
    private final Map<String, io.breachwatch.schema.Incident> incidents = new java.util.LinkedHashMap<>();
    private long late;
    private long streamTime = Long.MIN_VALUE;
    private long lastPurge = Long.MIN_VALUE;

    /**
     * Idle entities are dropped as the live processor drops them (state that can no longer matter at the current
     * stream time), checked each time event time has moved on by this much: replaying a year of logs with millions
     * of addresses keeps only the recently active ones in memory.
     */
    static final long PURGE_EVERY_MILLIS = java.time.Duration.ofMinutes(10).toMillis();

    private record Group(GroupDetector detector, Function<CanonicalEvent, String> key,
                         Map<String, EntityState> entities, String entityType) {
    }

    public OfflineDetection(io.breachwatch.detector.config.DetectorConfig config) {
        this(config.detectionEngine());
    }

    public OfflineDetection(DetectionEngine engine) {
        for (GroupDetector detector : engine.groups()) {
            groups.add(new Group(detector, detector.group().keyExtractor(), new HashMap<>(),
                    detector.group().entityType()));
        }
    }

    /** Evaluates one event; returns the alerts it raised (usually none). */
    public List<Alert> feed(CanonicalEvent event) {
        streamTime = Math.max(streamTime, event.timestamp().toEpochMilli());
        if (lastPurge == Long.MIN_VALUE) {
            lastPurge = streamTime;
        } else if (streamTime - lastPurge >= PURGE_EVERY_MILLIS) {
            purgeExpired();
            lastPurge = streamTime;
        }
        List<Alert> alerts = null;
        for (Group group : groups) {
            if (group.detector().group().type() != event.type()) {
                continue;
            }
            String key = group.key().apply(event);
            if (key == null || !group.detector().relevant(event)) {
                continue;
            }
            EntityState state = group.entities().get(key);
            if (state == null) {
                state = new EntityState();
                group.entities().put(key, state);
            }
            GroupDetector.Verdict verdict = group.detector().onEvent(event,
                    new io.breachwatch.schema.Entity(group.entityType(), key), state);
            if (verdict.late()) {
                late++;
            } else if (!verdict.alerts().isEmpty()) {
                if (alerts == null) {
                    alerts = new ArrayList<>();
                }
                alerts.addAll(verdict.alerts());
                for (Alert alert : verdict.alerts()) {
                    correlator.onAlert(alert).ifPresent(i -> incidents.put(i.incidentId(), i));
                }
            }
        }
        return alerts == null ? List.of() : alerts;
    }

    public List<Alert> feedAll(Iterable<? extends CanonicalEvent> events) {
        List<Alert> alerts = new ArrayList<>();
        for (CanonicalEvent event : events) {
            alerts.addAll(feed(event));
        }
        return alerts;
    }

    /** Incidents so far, the latest version of each (the incident topic's upserts, compacted). */
    public List<io.breachwatch.schema.Incident> incidents() {
        return List.copyOf(incidents.values());
    }

    private void purgeExpired() {
        for (Group group : groups) {
            group.entities().values().removeIf(state -> group.detector().expired(state, streamTime));
        }
    }

    /** Entities currently held in memory, over all rule groups. */
    public long entities() {
        return groups.stream().mapToLong(g -> g.entities().size()).sum();
    }

    /** Events that arrived beyond grace (live processing dead-letters these with reason "late"). */
    public long lateEvents() {
        return late;
    }
}
