package io.breachwatch.schema;

import java.time.Instant;

/**
 * One call to the platform's API, typically by a third-party (vendor) integration.
 *
 * @param eventId       unique id of the event at its producer
 * @param timestamp     when the call was made (event time)
 * @param clientId      API client / credential principal that made the call (vendor key, role session, user)
 * @param clientType    first_party or third_party; optional
 * @param sourceIp      address the call came from
 * @param method        HTTP method or API verb (GET, POST, GetSecretValue…)
 * @param operation     endpoint template or operation name, without ids: "GET /orders/{id}"
 * @param status        HTTP status (100–599)
 * @param responseBytes bytes returned; optional
 * @param records       records returned or changed; optional
 * @param customerId    customer whose data the call touched; optional
 */
public record ApiCallEvent(
        String eventId,
        Instant timestamp,
        String clientId,
        String clientType,
        String sourceIp,
        String method,
        String operation,
        Integer status,
        Long responseBytes,
        Long records,
        String customerId) implements CanonicalEvent {

    public ApiCallEvent {
        Fields.required("event_id", eventId, Fields.ID_MAX);
        Fields.requiredTime("timestamp", timestamp);
        Fields.required("client_id", clientId, Fields.NAME_MAX);
        Fields.optional("client_type", clientType, 32);
        Fields.required("source_ip", sourceIp, Fields.ADDRESS_MAX);
        Fields.required("method", method, 64);
        Fields.required("operation", operation, Fields.TEXT_MAX);
        Fields.range("status", Fields.required("status", status), 100, 599);
        Fields.nonNegative("response_bytes", responseBytes);
        Fields.nonNegative("records", records);
        Fields.optional("customer_id", customerId, Fields.ID_MAX);
    }

    @Override
    public EventType type() {
        return EventType.API;
    }
}
