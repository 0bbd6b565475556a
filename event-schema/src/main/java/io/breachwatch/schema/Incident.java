package io.breachwatch.schema;

import java.time.Instant;
import java.util.List;

/**
 * Alerts from two or more signal families (auth, api, net) on related entities within the correlation window: the
 * shape of a breach in progress rather than a single noisy signal. One incident per episode; while alerts keep
 * joining, the same {@code incidentId} is re-emitted with the grown lists (an upsert: consumers and pagers keep the
 * latest record per id).
 *
 * @param incidentId    deterministic id (the episode's first alert)
 * @param title         short title
 * @param severity      the highest severity among its alerts, raised one level when three families take part
 * @param families      distinct signal families involved, in first-seen order (at least two: that is an incident)
 * @param alertIds      the alerts of the episode, distinct, in arrival order (1 to {@link #MAX_ALERTS})
 * @param ruleIds       distinct rules involved (1 to {@link #MAX_ALERTS})
 * @param entities      distinct entities involved (1 to {@link #MAX_ALERTS})
 * @param firstAlertAt  detection time of the episode's first alert
 * @param lastAlertAt   detection time of its latest alert
 * @param detectedAt    when the incident condition first held (event time)
 * @param summary       one line a human can read on a phone
 */
public record Incident(
        String incidentId,
        String title,
        Severity severity,
        List<EventType> families,
        List<String> alertIds,
        List<String> ruleIds,
        List<Entity> entities,
        Instant firstAlertAt,
        Instant lastAlertAt,
        Instant detectedAt,
        String summary) {

    /**
     * Most alerts an incident lists; later alerts still extend the episode but are not listed. Also the most rules
     * and entities, since each comes from a listed alert. Keeps the written record well under
     * {@link io.breachwatch.schema.json.JsonLimits#INCIDENTS}.
     */
    public static final int MAX_ALERTS = 200;

    public Incident {
        Fields.required("incident_id", incidentId, Fields.ID_MAX);
        Fields.required("title", title, Fields.NAME_MAX);
        Fields.required("severity", severity);
        families = Fields.distinctItems("families", families, 2, EventType.values().length);
        alertIds = Fields.distinctItems("alert_ids", alertIds, 1, MAX_ALERTS);
        for (int i = 0; i < alertIds.size(); i++) {
            Fields.required("alert_ids[" + i + "]", alertIds.get(i), Fields.ID_MAX);
        }
        ruleIds = Fields.distinctItems("rule_ids", ruleIds, 1, MAX_ALERTS);
        for (int i = 0; i < ruleIds.size(); i++) {
            Fields.required("rule_ids[" + i + "]", ruleIds.get(i), Fields.ID_MAX);
        }
        entities = Fields.distinctItems("entities", entities, 1, MAX_ALERTS);
        Fields.requiredTime("first_alert_at", firstAlertAt);
        Fields.requiredTime("last_alert_at", lastAlertAt);
        Fields.requiredTime("detected_at", detectedAt);
        Fields.required("summary", summary, Fields.TEXT_MAX);
    }
}
