package io.breachwatch.detector.page;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breachwatch.schema.Severity;
import java.util.Map;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}): a {@code trigger} event whose {@code dedup_key} is the alert id
 * (the incident id, or the summary's group and window), so PagerDuty folds a repeated delivery into the open
 * incident instead of paging again. The routing key travels in the body, as the API requires.
 */
final class PagerDutyFormat implements PageFormat {
    /** The summary limit of the Events API. */
    static final int SUMMARY_MAX = 1024;
    /** Alert ids listed in a summary's custom details: the whole event must stay under 512 KB. */
    static final int SUMMARY_IDS = 50;

    private final Secret routingKey;

    PagerDutyFormat(Secret routingKey) {
        this.routingKey = routingKey;
    }

    static String severity(Severity severity) {
        switch (severity) {
            case CRITICAL:
                return "critical";
            case HIGH:
                return "error";
            case MEDIUM:
                return "warning";
            default:
                return "info";
        }
    }

    @Override
    public byte[] body(Page page) {
        ObjectNode event = PageJson.object();
        event.put("routing_key", routingKey.reveal());
        event.put("event_action", "trigger");
        event.put("dedup_key", page.dedupKey());
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", PageJson.cut(page.text(), SUMMARY_MAX));
        payload.put("severity", severity(page.severity()));
        payload.put("timestamp", page.at().toString());
        payload.put("class", page.kind().label());
        if (page instanceof Page.AlertPage alert) {
            payload.put("source", PageJson.cut(alert.alert().entity().toString(), 255));
            payload.put("component", alert.alert().ruleId());
            payload.put("group", alert.alert().entity().type());
            payload.putRawValue("custom_details", PageJson.raw(alert.raw()));
        } else if (page instanceof Page.SummaryPage summary) {
            payload.put("source", "breachwatch");
            payload.put("component", summary.summary().ruleId());
            payload.put("group", summary.summary().entityType());
            payload.set("custom_details", PageJson.summary(summary.summary(), SUMMARY_IDS));
        } else {
            Page.IncidentPage incident = (Page.IncidentPage) page;
            payload.put("source", "breachwatch");
            payload.put("component", "incidents");
            payload.putRawValue("custom_details", PageJson.raw(incident.raw()));
        }
        event.put("client", "breachwatch");
        return PageJson.bytes(event);
    }

    @Override
    public Map<String, String> headers(Page page) {
        return Map.of();
    }
}
