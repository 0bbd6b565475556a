package io.breachwatch.detector.page;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breachwatch.detector.core.DisplayText;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.Severity;
import java.util.Map;

/**
 * Opsgenie Alert API ({@code POST /v2/alerts}, {@code Authorization: GenieKey ...}): the {@code alias} is the dedup
 * key, so Opsgenie counts a repeated delivery on the open alert instead of creating another; severity maps to
 * priority P1 (critical) to P4 (low). Field limits are the API's: message 130, alias 512, description 15,000,
 * tags 50 characters each.
 */
final class OpsgenieFormat implements PageFormat {
    static final int MESSAGE_MAX = 130;
    static final int DESCRIPTION_MAX = 15_000;
    static final int TAG_MAX = 50;
    static final int SUMMARY_IDS = 20;

    private final Secret apiKey;

    OpsgenieFormat(Secret apiKey) {
        this.apiKey = apiKey;
    }

    static String priority(Severity severity) {
        switch (severity) {
            case CRITICAL:
                return "P1";
            case HIGH:
                return "P2";
            case MEDIUM:
                return "P3";
            default:
                return "P4";
        }
    }

    @Override
    public byte[] body(Page page) {
        ObjectNode alert = PageJson.object();
        alert.put("message", PageJson.cut(DisplayText.safe(page.title(), 200), MESSAGE_MAX));
        alert.put("alias", page.dedupKey());
        alert.put("description", PageJson.cut(page.text(), DESCRIPTION_MAX));
        alert.put("priority", priority(page.severity()));
        alert.put("source", "breachwatch");
        ArrayNode tags = alert.putArray("tags");
        tags.add("breachwatch");
        tags.add(page.kind().label());
        tags.add(page.severity().label());
        ObjectNode details = PageJson.object();
        details.put("kind", page.kind().label());
        details.put("severity", page.severity().label());
        details.put("at", page.at().toString());
        if (page instanceof Page.AlertPage alertPage) {
            Alert a = alertPage.alert();
            alert.put("entity", PageJson.cut(a.entity().toString(), 512));
            tags.add(PageJson.cut(a.ruleId(), TAG_MAX));
            a.attack().forEach(t -> tags.add(t));
            details.put("alert_id", a.alertId());
            details.put("rule_id", a.ruleId());
            details.put("entity", a.entity().toString());
            details.put("observed", AlertSummary.number(a.observed()));
            details.put("threshold", AlertSummary.number(a.threshold()));
            details.put("window_start", a.windowStart().toString());
            details.put("window_end", a.windowEnd().toString());
            details.put("attack", String.join(",", a.attack()));
        } else if (page instanceof Page.SummaryPage summaryPage) {
            AlertSummary s = summaryPage.summary();
            alert.put("entity", s.ruleId());
            tags.add(PageJson.cut(s.ruleId(), TAG_MAX));
            details.put("rule_id", s.ruleId());
            details.put("entity_type", s.entityType());
            details.put("alerts", Integer.toString(s.alerts()));
            details.put("entities", (s.entitiesCapped() ? ">" : "") + s.entities());
            details.put("first_detected_at", s.firstDetectedAt().toString());
            details.put("last_detected_at", s.lastDetectedAt().toString());
            details.put("alert_ids", String.join(",", s.alertIds().subList(0, Math.min(SUMMARY_IDS,
                    s.alertIds().size()))) + (s.alertIds().size() > SUMMARY_IDS ? ",..." : ""));
        } else {
            Incident i = ((Page.IncidentPage) page).incident();
            alert.put("entity", "incident");
            details.put("incident_id", i.incidentId());
            details.put("families", String.join(",", i.families().stream().map(f -> f.label()).toList()));
            details.put("alerts", Integer.toString(i.alertIds().size()));
            details.put("rule_ids", PageJson.cut(String.join(",", i.ruleIds()), 2000));
        }
        alert.set("details", details);
        return PageJson.bytes(alert);
    }

    @Override
    public Map<String, String> headers(Page page) {
        return Map.of("Authorization", "GenieKey " + apiKey.reveal());
    }
}
