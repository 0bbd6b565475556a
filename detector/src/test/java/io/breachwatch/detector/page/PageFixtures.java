package io.breachwatch.detector.page;

import io.breachwatch.detector.core.AlertIds;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.Severity;
import io.breachwatch.schema.Topics;
import io.breachwatch.schema.json.EventJson;
import io.breachwatch.schema.json.JsonLimits;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Alerts, incidents and destinations for the pager tests, with their JSON spelled out where a test shows it. */
final class PageFixtures {
    static final Topics TOPICS = Topics.DEFAULT;
    static final TopicPartition ALERTS_0 = new TopicPartition(TOPICS.alerts(), 0);
    static final TopicPartition INCIDENTS_0 = new TopicPartition(TOPICS.incidents(), 0);

    /** An alert exactly as the detector writes it to the alert topic. */
    static final String ALERT_JSON = "{\"alert_id\":\"9f1c2a7e5b3d4f60a1b2c3d4e5f60718\","
            + "\"rule_id\":\"auth.brute_force.source\",\"title\":\"Brute force from one source\","
            + "\"severity\":\"high\",\"attack\":[\"T1110.001\"],"
            + "\"entity\":{\"type\":\"source_ip\",\"value\":\"203.0.113.7\"},"
            + "\"window_start\":\"2024-03-12T03:05:00Z\",\"window_end\":\"2024-03-12T03:07:00Z\","
            + "\"observed\":12.0,\"threshold\":8.0,\"first_event_at\":\"2024-03-12T03:05:10Z\","
            + "\"last_event_at\":\"2024-03-12T03:07:00Z\",\"detected_at\":\"2024-03-12T03:06:40Z\","
            + "\"summary\":\"Brute force: 12 failed logins from 203.0.113.7 in 1m30s (threshold 8)\","
            + "\"evidence\":{\"event_ids\":[\"e-1\",\"e-12\"],\"breakdown\":{\"root\":9,\"admin\":3}}}";

    /** An incident exactly as the detector writes it to the incident topic. */
    static final String INCIDENT_JSON = "{\"incident_id\":\"7e0d4c3b2a1908f7e6d5c4b3a2910f8e\","
            + "\"title\":\"Breach in progress?\",\"severity\":\"critical\",\"families\":[\"api\",\"auth\"],"
            + "\"alert_ids\":[\"1a2b3c4d5e6f708192a3b4c5d6e7f809\",\"9f1c2a7e5b3d4f60a1b2c3d4e5f60718\"],"
            + "\"rule_ids\":[\"api.new_endpoint\",\"auth.brute_force.source\"],"
            + "\"entities\":[{\"type\":\"client_id\",\"value\":\"vendor-acme\"},"
            + "{\"type\":\"source_ip\",\"value\":\"203.0.113.7\"}],"
            + "\"first_alert_at\":\"2024-03-12T03:01:00Z\",\"last_alert_at\":\"2024-03-12T03:06:40Z\","
            + "\"detected_at\":\"2024-03-12T03:06:40Z\","
            + "\"summary\":\"Breach in progress? api+auth alerts on related entities within 30m\"}";

    private PageFixtures() {
    }

    static Alert parsedAlert() {
        return EventJson.strict().read(ALERT_JSON.getBytes(StandardCharsets.UTF_8), Alert.class);
    }

    static Incident parsedIncident() {
        return new EventJson(JsonLimits.INCIDENTS).read(INCIDENT_JSON.getBytes(StandardCharsets.UTF_8),
                Incident.class);
    }

    /** An alert of {@code rule} on {@code entity} detected at {@code at}, with a deterministic id. */
    static Alert alert(String rule, Entity entity, Severity severity, Instant at, double observed) {
        return new Alert(AlertIds.of(rule, entity, at.toEpochMilli()), rule, "Title of " + rule, severity,
                List.of("T1110.001"), entity, at.minusSeconds(60), at, observed, 8, at.minusSeconds(60), at, at,
                "Summary of " + rule + " on " + entity, new Alert.Evidence(List.of("e-1"), Map.of("root", 3L)));
    }

    static InputRecord input(TopicPartition partition, long offset, Alert alert) {
        return new InputRecord(partition, offset, PagedTopic.ALERTS, alert, null,
                new String(EventJson.strict().write(alert), StandardCharsets.UTF_8), null);
    }

    static InputRecord input(TopicPartition partition, long offset, Incident incident) {
        return new InputRecord(partition, offset, PagedTopic.INCIDENTS, null, incident,
                new String(new EventJson(JsonLimits.INCIDENTS).write(incident), StandardCharsets.UTF_8), null);
    }

    static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset, Object value) {
        byte[] bytes = value instanceof byte[] b ? b : new EventJson(JsonLimits.INCIDENTS).write(value);
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, bytes);
    }

    static Incident incident(String id, int alerts, Instant at) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < alerts; i++) {
            ids.add(id + "-alert-" + i);
        }
        return new Incident(id, "Breach in progress?", Severity.CRITICAL,
                List.of(io.breachwatch.schema.EventType.API, io.breachwatch.schema.EventType.AUTH), ids,
                List.of("api.new_endpoint", "auth.brute_force.source"), List.of(Entity.sourceIp("203.0.113.7")),
                at.minusSeconds(300), at.plusSeconds(alerts), at, "Breach in progress? " + alerts + " alerts");
    }

    /** A destination with every setting explicit; tests change what they are about. */
    static DestinationConfig destination(DestinationType type, URI url) {
        return new DestinationConfig("test-" + type.label(), type, url, null,
                Secret.of("env TEST_KEY", "test-key-123"), Map.of(), Severity.LOW, EnumSet.allOf(PagedTopic.class),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(5), 10_000,
                new RateLimit(10, 5), new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(200),
                        Duration.ofSeconds(2), Duration.ofMinutes(5)));
    }

    static AlertSummary summary() {
        return new AlertSummary("auth.brute_force.source", "Brute force from one source", "source_ip",
                Instant.parse("2024-03-12T03:06:41Z"), Duration.ofMinutes(5), true, 3, 3, false,
                List.of(new AlertSummary.TopEntity("198.51.100.9", 40), new AlertSummary.TopEntity("192.0.2.1", 9.5)),
                Severity.HIGH, List.of("T1110.001"), Instant.parse("2024-03-12T03:06:50Z"),
                Instant.parse("2024-03-12T03:09:10Z"), List.of("a1", "b2", "c3"));
    }
}
