package io.breachwatch.detector.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * JSON helpers shared by the page formats: one plain mapper (field order is insertion order, so bodies are
 * deterministic), the summary as a JSON object, and records embedded exactly as they were read.
 */
final class PageJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PageJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** The record's JSON as read from the topic, embedded verbatim (it was validated when read). */
    static RawValue raw(String json) {
        return new RawValue(json);
    }

    /**
     * The summary as a JSON object.
     *
     * @param maxIds how many alert ids to list (the rest are counted in {@code alert_ids_not_listed}); receivers
     *               with body limits (PagerDuty: 512 KB) get a sample, the generic webhook gets them all
     */
    static ObjectNode summary(AlertSummary s, int maxIds) {
        ObjectNode node = object();
        node.put("rule_id", s.ruleId());
        node.put("rule_title", s.ruleTitle());
        node.put("entity_type", s.entityType());
        node.put("window_start", s.windowStart().toString());
        node.put("window_seconds", s.window().toSeconds());
        node.put("after_first_alert", s.afterLeader());
        node.put("alerts", s.alerts());
        node.put("entities", s.entities());
        node.put("entities_capped", s.entitiesCapped());
        ArrayNode top = node.putArray("top_entities");
        s.top().forEach(t -> top.addObject().put("entity", t.value()).put("observed", t.observed()));
        node.put("severity", s.severity().label());
        ArrayNode attack = node.putArray("attack");
        s.attack().forEach(attack::add);
        node.put("first_detected_at", s.firstDetectedAt().toString());
        node.put("last_detected_at", s.lastDetectedAt().toString());
        ArrayNode ids = node.putArray("alert_ids");
        s.alertIds().stream().limit(maxIds).forEach(ids::add);
        node.put("alert_ids_not_listed", Math.max(0, s.alertIds().size() - maxIds));
        return node;
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
