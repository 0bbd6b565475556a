package io.breachwatch.detector.simulate;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One generated event with the key a producer should give it: the source address for logins, the client id for
 * API calls, the originating address for network flows (each entity's events then stay in order in one partition).
 *
 * @param type  the event's family, which names its input topic
 * @param key   the producer key
 * @param event the canonical event (its timestamp is the event time)
 */
public record SimulatedEvent(EventType type, String key, CanonicalEvent event) {

    public SimulatedEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(event, "event");
        if (event.type() != type) {
            throw new IllegalArgumentException("type " + type + " but event is " + event.type());
        }
    }

    public static SimulatedEvent of(CanonicalEvent event) {
        if (event instanceof AuthEvent auth) {
            return new SimulatedEvent(EventType.AUTH, auth.sourceIp(), auth);
        }
        if (event instanceof ApiCallEvent api) {
            return new SimulatedEvent(EventType.API, api.clientId(), api);
        }
        NetworkEvent net = (NetworkEvent) event;
        return new SimulatedEvent(EventType.NET, net.srcIp(), net);
    }

    public Instant timestamp() {
        return event.timestamp();
    }

    public long epochMilli() {
        return event.timestamp().toEpochMilli();
    }
}
