package io.breachwatch.detector.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each destination's payload, field by field: the same alert, summary and incident written for PagerDuty, Slack,
 * Opsgenie and the generic webhook, compared with the full expected JSON. Bodies are deterministic: written twice,
 * they are the same bytes.
 */
class PageFormatTest {
    private static final URI URL = URI.create("http://127.0.0.1:1/");
    private static final Page ALERT = new Page.AlertPage(PageFixtures.parsedAlert(), PageFixtures.ALERT_JSON);
    private static final Page SUMMARY = new Page.SummaryPage(PageFixtures.summary());
    private static final Page INCIDENT = new Page.IncidentPage(PageFixtures.parsedIncident(),
            PageFixtures.INCIDENT_JSON, false);
    private static final Page INCIDENT_UPDATE = new Page.IncidentPage(PageFixtures.parsedIncident(),
            PageFixtures.INCIDENT_JSON, true);
    private static final String SUMMARY_TEXT = "auth.brute_force.source: 3 more alerts on 3 source_ip entities, "
            + "detected 03:06:50-03:09:10 UTC (grouped for 5m); highest: 198.51.100.9 (40), 192.0.2.1 (9.50)";

    private static JsonNode body(DestinationType type, Page page) throws Exception {
        PageFormat format = PageFormat.of(PageFixtures.destination(type, URL));
        byte[] first = format.body(page);
        assertThat(format.body(page)).as("deterministic").isEqualTo(first);
        return PageJson.MAPPER.readTree(first);
    }

    private static JsonNode json(String text) throws Exception {
        return PageJson.MAPPER.readTree(text);
    }

    @Test
    void pagerDutyAlertIsATriggerDeduplicatedOnTheAlertId() throws Exception {
        assertThat(body(DestinationType.PAGERDUTY, ALERT)).isEqualTo(json("""
                {"routing_key":"test-key-123","event_action":"trigger",
                 "dedup_key":"9f1c2a7e5b3d4f60a1b2c3d4e5f60718",
                 "payload":{"summary":"Brute force: 12 failed logins from 203.0.113.7 in 1m30s (threshold 8)",
                   "severity":"error","timestamp":"2024-03-12T03:06:40Z","class":"alert",
                   "source":"source_ip=203.0.113.7","component":"auth.brute_force.source","group":"source_ip",
                   "custom_details":""" + PageFixtures.ALERT_JSON + """
                 },"client":"breachwatch"}"""));
    }

    @Test
    void pagerDutySummaryCarriesTheCountsAndTheAlertIds() throws Exception {
        assertThat(body(DestinationType.PAGERDUTY, SUMMARY)).isEqualTo(json("""
                {"routing_key":"test-key-123","event_action":"trigger",
                 "dedup_key":"summary:auth.brute_force.source:source_ip:1710212801000",
                 "payload":{"summary":"%s","severity":"error","timestamp":"2024-03-12T03:09:10Z",
                   "class":"summary","source":"breachwatch","component":"auth.brute_force.source",
                   "group":"source_ip",
                   "custom_details":{"rule_id":"auth.brute_force.source","rule_title":"Brute force from one source",
                     "entity_type":"source_ip","window_start":"2024-03-12T03:06:41Z","window_seconds":300,
                     "after_first_alert":true,"alerts":3,"entities":3,"entities_capped":false,
                     "top_entities":[{"entity":"198.51.100.9","observed":40.0},{"entity":"192.0.2.1","observed":9.5}],
                     "severity":"high","attack":["T1110.001"],"first_detected_at":"2024-03-12T03:06:50Z",
                     "last_detected_at":"2024-03-12T03:09:10Z","alert_ids":["a1","b2","c3"],
                     "alert_ids_not_listed":0}},
                 "client":"breachwatch"}""".formatted(SUMMARY_TEXT)));
    }

    @Test
    void pagerDutySeverityMapping() {
        assertThat(PagerDutyFormat.severity(io.breachwatch.schema.Severity.CRITICAL)).isEqualTo("critical");
        assertThat(PagerDutyFormat.severity(io.breachwatch.schema.Severity.HIGH)).isEqualTo("error");
        assertThat(PagerDutyFormat.severity(io.breachwatch.schema.Severity.MEDIUM)).isEqualTo("warning");
        assertThat(PagerDutyFormat.severity(io.breachwatch.schema.Severity.LOW)).isEqualTo("info");
    }

    @Test
    void pagerDutyIncidentIsDeduplicatedOnTheIncidentId() throws Exception {
        assertThat(body(DestinationType.PAGERDUTY, INCIDENT)).isEqualTo(json("""
                {"routing_key":"test-key-123","event_action":"trigger",
                 "dedup_key":"7e0d4c3b2a1908f7e6d5c4b3a2910f8e",
                 "payload":{"summary":"Breach in progress? api+auth alerts on related entities within 30m",
                   "severity":"critical","timestamp":"2024-03-12T03:06:40Z","class":"incident",
                   "source":"breachwatch","component":"incidents",
                   "custom_details":""" + PageFixtures.INCIDENT_JSON + """
                 },"client":"breachwatch"}"""));
        assertThat(body(DestinationType.PAGERDUTY, INCIDENT_UPDATE).get("payload").get("summary").asText())
                .isEqualTo("Update (2 alerts): Breach in progress? api+auth alerts on related entities within 30m");
        assertThat(body(DestinationType.PAGERDUTY, INCIDENT_UPDATE).get("dedup_key").asText())
                .isEqualTo("7e0d4c3b2a1908f7e6d5c4b3a2910f8e");
    }

    @Test
    void slackAlertHasAFallbackTextAndBlocks() throws Exception {
        assertThat(body(DestinationType.SLACK, ALERT)).isEqualTo(json("""
                {"text":"[HIGH] Brute force from one source: Brute force: 12 failed logins from 203.0.113.7 in 1m30s (threshold 8)",
                 "blocks":[
                   {"type":"header","text":{"type":"plain_text","text":"HIGH · Brute force from one source"}},
                   {"type":"section","text":{"type":"mrkdwn",
                     "text":"Brute force: 12 failed logins from 203.0.113.7 in 1m30s (threshold 8)"}},
                   {"type":"context","elements":[{"type":"mrkdwn",
                     "text":"auth.brute_force.source · source_ip=203.0.113.7 · T1110.001 · dedup key 9f1c2a7e5b3d4f60a1b2c3d4e5f60718"}]}]}"""));
    }

    @Test
    void slackSummaryAndEscapingOfAttackerText() throws Exception {
        assertThat(body(DestinationType.SLACK, SUMMARY)).isEqualTo(json("""
                {"text":"[HIGH] Brute force from one source: 3 more alerts: %s",
                 "blocks":[
                   {"type":"header","text":{"type":"plain_text","text":"HIGH · Brute force from one source: 3 more alerts"}},
                   {"type":"section","text":{"type":"mrkdwn","text":"%s"}},
                   {"type":"context","elements":[{"type":"mrkdwn",
                     "text":"auth.brute_force.source · source_ip · summary · dedup key summary:auth.brute_force.source:source_ip:1710212801000"}]}]}"""
                .formatted(SUMMARY_TEXT, SUMMARY_TEXT)));
        assertThat(SlackFormat.escape("<!channel> & <@U123>")).isEqualTo("&lt;!channel&gt; &amp; &lt;@U123&gt;");
    }

    @Test
    void opsgenieAlertUsesTheAliasAndAPriority() throws Exception {
        assertThat(body(DestinationType.OPSGENIE, ALERT)).isEqualTo(json("""
                {"message":"Brute force from one source","alias":"9f1c2a7e5b3d4f60a1b2c3d4e5f60718",
                 "description":"Brute force: 12 failed logins from 203.0.113.7 in 1m30s (threshold 8)",
                 "priority":"P2","source":"breachwatch",
                 "tags":["breachwatch","alert","high","auth.brute_force.source","T1110.001"],
                 "entity":"source_ip=203.0.113.7",
                 "details":{"kind":"alert","severity":"high","at":"2024-03-12T03:06:40Z",
                   "alert_id":"9f1c2a7e5b3d4f60a1b2c3d4e5f60718","rule_id":"auth.brute_force.source",
                   "entity":"source_ip=203.0.113.7","observed":"12","threshold":"8",
                   "window_start":"2024-03-12T03:05:00Z","window_end":"2024-03-12T03:07:00Z","attack":"T1110.001"}}"""));
        assertThat(PageFormat.of(PageFixtures.destination(DestinationType.OPSGENIE, URL)).headers(ALERT))
                .isEqualTo(Map.of("Authorization", "GenieKey test-key-123"));
    }

    @Test
    void opsgenieSummaryAndIncident() throws Exception {
        assertThat(body(DestinationType.OPSGENIE, SUMMARY)).isEqualTo(json("""
                {"message":"Brute force from one source: 3 more alerts",
                 "alias":"summary:auth.brute_force.source:source_ip:1710212801000",
                 "description":"%s","priority":"P2","source":"breachwatch",
                 "tags":["breachwatch","summary","high","auth.brute_force.source"],
                 "entity":"auth.brute_force.source",
                 "details":{"kind":"summary","severity":"high","at":"2024-03-12T03:09:10Z",
                   "rule_id":"auth.brute_force.source","entity_type":"source_ip","alerts":"3","entities":"3",
                   "first_detected_at":"2024-03-12T03:06:50Z","last_detected_at":"2024-03-12T03:09:10Z",
                   "alert_ids":"a1,b2,c3"}}""".formatted(SUMMARY_TEXT)));
        assertThat(body(DestinationType.OPSGENIE, INCIDENT)).isEqualTo(json("""
                {"message":"Breach in progress?","alias":"7e0d4c3b2a1908f7e6d5c4b3a2910f8e",
                 "description":"Breach in progress? api+auth alerts on related entities within 30m",
                 "priority":"P1","source":"breachwatch","tags":["breachwatch","incident","critical"],
                 "entity":"incident",
                 "details":{"kind":"incident","severity":"critical","at":"2024-03-12T03:06:40Z",
                   "incident_id":"7e0d4c3b2a1908f7e6d5c4b3a2910f8e","families":"api,auth","alerts":"2",
                   "rule_ids":"api.new_endpoint,auth.brute_force.source"}}"""));
    }

    @Test
    void opsgeniePriorityMapping() {
        assertThat(OpsgenieFormat.priority(io.breachwatch.schema.Severity.CRITICAL)).isEqualTo("P1");
        assertThat(OpsgenieFormat.priority(io.breachwatch.schema.Severity.HIGH)).isEqualTo("P2");
        assertThat(OpsgenieFormat.priority(io.breachwatch.schema.Severity.MEDIUM)).isEqualTo("P3");
        assertThat(OpsgenieFormat.priority(io.breachwatch.schema.Severity.LOW)).isEqualTo("P4");
    }

    @Test
    void webhookCarriesTheRecordAsIsInAnEnvelope() throws Exception {
        assertThat(body(DestinationType.WEBHOOK, ALERT)).isEqualTo(json("""
                {"dedup_key":"9f1c2a7e5b3d4f60a1b2c3d4e5f60718","kind":"alert","severity":"high",
                 "title":"Brute force from one source",
                 "text":"Brute force: 12 failed logins from 203.0.113.7 in 1m30s (threshold 8)",
                 "at":"2024-03-12T03:06:40Z","source":"breachwatch",
                 "alert":""" + PageFixtures.ALERT_JSON + "}"));
        // As-is means byte for byte, not re-serialized
        assertThat(new String(PageFormat.of(PageFixtures.destination(DestinationType.WEBHOOK, URL)).body(ALERT),
                java.nio.charset.StandardCharsets.UTF_8)).endsWith(",\"alert\":" + PageFixtures.ALERT_JSON + "}");
        assertThat(PageFormat.of(PageFixtures.destination(DestinationType.WEBHOOK, URL)).headers(ALERT))
                .isEqualTo(Map.of("Idempotency-Key", "9f1c2a7e5b3d4f60a1b2c3d4e5f60718"));
    }

    @Test
    void webhookSummaryListsEveryAlertIdAndIncidentUpdateKeepsItsKey() throws Exception {
        assertThat(body(DestinationType.WEBHOOK, SUMMARY)).isEqualTo(json("""
                {"dedup_key":"summary:auth.brute_force.source:source_ip:1710212801000","kind":"summary",
                 "severity":"high","title":"Brute force from one source: 3 more alerts","text":"%s",
                 "at":"2024-03-12T03:09:10Z","source":"breachwatch",
                 "summary":{"rule_id":"auth.brute_force.source","rule_title":"Brute force from one source",
                     "entity_type":"source_ip","window_start":"2024-03-12T03:06:41Z","window_seconds":300,
                     "after_first_alert":true,"alerts":3,"entities":3,"entities_capped":false,
                     "top_entities":[{"entity":"198.51.100.9","observed":40.0},{"entity":"192.0.2.1","observed":9.5}],
                     "severity":"high","attack":["T1110.001"],"first_detected_at":"2024-03-12T03:06:50Z",
                     "last_detected_at":"2024-03-12T03:09:10Z","alert_ids":["a1","b2","c3"],
                     "alert_ids_not_listed":0}}""".formatted(SUMMARY_TEXT)));
        assertThat(body(DestinationType.WEBHOOK, INCIDENT_UPDATE)).isEqualTo(json("""
                {"dedup_key":"7e0d4c3b2a1908f7e6d5c4b3a2910f8e","kind":"incident_update","severity":"critical",
                 "title":"Breach in progress?",
                 "text":"Update (2 alerts): Breach in progress? api+auth alerts on related entities within 30m",
                 "at":"2024-03-12T03:06:40Z","source":"breachwatch",
                 "incident":""" + PageFixtures.INCIDENT_JSON + "}"));
    }

    @Test
    void webhookSecretHeadersAreSentButNeverPrinted() {
        Secret token = Secret.of("env SIEM_TOKEN", "Bearer s3cr3t");
        WebhookFormat format = new WebhookFormat(Map.of("Authorization", token));
        assertThat(format.headers(ALERT)).containsEntry("Authorization", "Bearer s3cr3t");
        assertThat(token.toString()).isEqualTo("[secret from env SIEM_TOKEN]").doesNotContain("s3cr3t");
    }
}
