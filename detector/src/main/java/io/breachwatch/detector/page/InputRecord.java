package io.breachwatch.detector.page;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.Severity;
import io.breachwatch.schema.Topics;
import io.breachwatch.schema.json.JsonSerde;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A record of the alert or incident topic as the bridge sees it: decoded strictly, with its JSON kept exactly as read
 * (the webhook and PagerDuty's custom details carry it as-is), or the reason it could not be decoded.
 *
 * @param error why the value is unusable (no text from the record in it), or null
 */
record InputRecord(TopicPartition partition, long offset, PagedTopic topic, Alert alert, Incident incident,
                   String raw, String error) {

    /** Decodes consumer records of the two topics; never throws on bad input. */
    static final class Decoder {
        private final String alertsTopic;
        private final JsonSerde<Alert> alerts;
        private final JsonSerde<Incident> incidents;

        Decoder(Topics topics) {
            this.alertsTopic = topics.alerts();
            this.alerts = (JsonSerde<Alert>) topics.alertTopic().valueSerde();
            this.incidents = (JsonSerde<Incident>) topics.incidentTopic().valueSerde();
        }

        InputRecord decode(ConsumerRecord<byte[], byte[]> record) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            PagedTopic topic = record.topic().equals(alertsTopic) ? PagedTopic.ALERTS : PagedTopic.INCIDENTS;
            byte[] value = record.value();
            if (value == null) {
                return new InputRecord(tp, record.offset(), topic, null, null, null, "null value (tombstone)");
            }
            String raw;
            try {
                raw = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(value))
                        .toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                return new InputRecord(tp, record.offset(), topic, null, null, null, "not UTF-8");
            }
            try {
                if (topic == PagedTopic.ALERTS) {
                    return new InputRecord(tp, record.offset(), topic, alerts.read(value), null, raw, null);
                }
                return new InputRecord(tp, record.offset(), topic, null, incidents.read(value), raw, null);
            } catch (RuntimeException e) {
                // The strict reader names the field and the problem, never the offending value.
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                return new InputRecord(tp, record.offset(), topic, null, null, null,
                        "not a valid " + (topic == PagedTopic.ALERTS ? "alert" : "incident") + ": "
                                + io.breachwatch.detector.core.DisplayText.safe(message, 300));
            }
        }
    }

    boolean valid() {
        return error == null;
    }

    Severity severity() {
        return alert != null ? alert.severity() : incident.severity();
    }

    /** What is grouped together: one rule and entity kind, or one incident. */
    String groupKey() {
        return alert != null ? "alert|" + alert.ruleId() + "|" + alert.entity().type()
                : "incident|" + incident.incidentId();
    }

    /**
     * What makes two records the same page: the alert id, or the incident's whole content (an incident is
     * re-emitted under the same id as it grows).
     */
    long identity() {
        return SummaryBuilder.hash(alert != null ? alert.alertId() : raw);
    }

    Page page() {
        return alert != null ? new Page.AlertPage(alert, raw) : new Page.IncidentPage(incident, raw, false);
    }
}
