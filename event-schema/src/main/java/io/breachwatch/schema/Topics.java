package io.breachwatch.schema;

import io.breachwatch.schema.json.EventJson;
import io.breachwatch.schema.json.JsonLimits;
import io.breachwatch.schema.json.JsonSerde;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed topic registry. Names are configurable (a forensic replay writes to its own alert topic); serdes are not.
 *
 * <p>Input topic keys are read as raw bytes and ignored: producers key them as they like and breachwatch re-keys by
 * the entity each detection groups on.
 */
public record Topics(String authEvents, String apiEvents, String netEvents, String alerts, String incidents,
                     String deadLetters) {

    public static final Topics DEFAULT = new Topics("breachwatch.events.auth", "breachwatch.events.api",
            "breachwatch.events.net", "breachwatch.alerts", "breachwatch.incidents", "breachwatch.dead-letters");

    public Topic<byte[], Decoded<AuthEvent>> auth() {
        return new Topic<>(authEvents, Serdes.ByteArray(), new EventDecoder<>(AuthEvent.class));
    }

    public Topic<byte[], Decoded<ApiCallEvent>> api() {
        return new Topic<>(apiEvents, Serdes.ByteArray(), new EventDecoder<>(ApiCallEvent.class));
    }

    public Topic<byte[], Decoded<NetworkEvent>> net() {
        return new Topic<>(netEvents, Serdes.ByteArray(), new EventDecoder<>(NetworkEvent.class));
    }

    /** Alerts keyed by the entity they are about ("source_ip=203.0.113.7"). */
    public Topic<String, Alert> alertTopic() {
        return new Topic<>(alerts, Serdes.String(), new JsonSerde<>(Alert.class));
    }

    /** Incidents keyed by incident id (upserts: the latest record per id is the incident). */
    public Topic<String, Incident> incidentTopic() {
        return new Topic<>(incidents, Serdes.String(),
                new JsonSerde<>(Incident.class, new EventJson(JsonLimits.INCIDENTS)));
    }

    /** Dead letters keyed by their reason code. */
    public Topic<String, DeadLetter> deadLetterTopic() {
        return new Topic<>(deadLetters, Serdes.String(),
                new JsonSerde<>(DeadLetter.class, new EventJson(JsonLimits.DEAD_LETTERS)));
    }

    public List<String> inputs() {
        return List.of(authEvents, apiEvents, netEvents);
    }

    public List<String> all() {
        return List.of(authEvents, apiEvents, netEvents, alerts, incidents, deadLetters);
    }
}
