package io.breachwatch.schema;

import java.time.Instant;

/** What every canonical input event has: an id, an event time and a type. */
public sealed interface CanonicalEvent permits AuthEvent, ApiCallEvent, NetworkEvent {
    String eventId();

    Instant timestamp();

    EventType type();
}
