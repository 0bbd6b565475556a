package io.breachwatch.detector.rules;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The fields rules may name, per event type, with their accessors: the JSON field names of the canonical events,
 * plus {@code platform} (the same constant for every event: group by it for platform-wide rules). Accessors are
 * resolved once when rules are compiled, never per event by name.
 */
public final class EventFields {
    /** The constant key of platform-wide rules. */
    public static final String PLATFORM = "platform";

    /** Numeric fields: only these can be summed or compared with gte/lte. */
    private static final Set<String> NUMERIC = Set.of("status", "response_bytes", "records", "src_port", "dst_port",
            "bytes_out", "bytes_in");

    private static final Map<EventType, Map<String, Function<CanonicalEvent, Object>>> FIELDS = Map.of(
            EventType.AUTH, auth(), EventType.API, api(), EventType.NET, net());

    private EventFields() {
    }

    public static Set<String> names(EventType type) {
        return FIELDS.get(type).keySet();
    }

    public static boolean exists(EventType type, String field) {
        return FIELDS.get(type).containsKey(field);
    }

    public static boolean numeric(String field) {
        return NUMERIC.contains(field);
    }

    /** The accessor for {@code field} of {@code type}; values are String, Integer/Long, or null when absent. */
    public static Function<CanonicalEvent, Object> accessor(EventType type, String field) {
        Function<CanonicalEvent, Object> accessor = FIELDS.get(type).get(field);
        if (accessor == null) {
            throw new IllegalArgumentException("unknown " + type.label() + " field '" + field + "'; known: "
                    + names(type));
        }
        return accessor;
    }

    private static Map<String, Function<CanonicalEvent, Object>> auth() {
        Map<String, Function<CanonicalEvent, Object>> f = new LinkedHashMap<>();
        f.put("event_id", e -> ((AuthEvent) e).eventId());
        f.put("user", e -> ((AuthEvent) e).user());
        f.put("source_ip", e -> ((AuthEvent) e).sourceIp());
        f.put("outcome", e -> ((AuthEvent) e).outcome().name().toLowerCase(java.util.Locale.ROOT));
        f.put("method", e -> ((AuthEvent) e).method());
        f.put("reason", e -> ((AuthEvent) e).reason());
        f.put("service", e -> ((AuthEvent) e).service());
        f.put("host", e -> ((AuthEvent) e).host());
        f.put(PLATFORM, e -> PLATFORM);
        return Collections.unmodifiableMap(f);
    }

    private static Map<String, Function<CanonicalEvent, Object>> api() {
        Map<String, Function<CanonicalEvent, Object>> f = new LinkedHashMap<>();
        f.put("event_id", e -> ((ApiCallEvent) e).eventId());
        f.put("client_id", e -> ((ApiCallEvent) e).clientId());
        f.put("client_type", e -> ((ApiCallEvent) e).clientType());
        f.put("source_ip", e -> ((ApiCallEvent) e).sourceIp());
        f.put("method", e -> ((ApiCallEvent) e).method());
        f.put("operation", e -> ((ApiCallEvent) e).operation());
        f.put("status", e -> ((ApiCallEvent) e).status());
        f.put("response_bytes", e -> ((ApiCallEvent) e).responseBytes());
        f.put("records", e -> ((ApiCallEvent) e).records());
        f.put("customer_id", e -> ((ApiCallEvent) e).customerId());
        f.put(PLATFORM, e -> PLATFORM);
        return Collections.unmodifiableMap(f);
    }

    private static Map<String, Function<CanonicalEvent, Object>> net() {
        Map<String, Function<CanonicalEvent, Object>> f = new LinkedHashMap<>();
        f.put("event_id", e -> ((NetworkEvent) e).eventId());
        f.put("src_ip", e -> ((NetworkEvent) e).srcIp());
        f.put("src_port", e -> ((NetworkEvent) e).srcPort());
        f.put("dst_ip", e -> ((NetworkEvent) e).dstIp());
        f.put("dst_port", e -> ((NetworkEvent) e).dstPort());
        f.put("protocol", e -> ((NetworkEvent) e).protocol());
        f.put("bytes_out", e -> ((NetworkEvent) e).bytesOut());
        f.put("bytes_in", e -> ((NetworkEvent) e).bytesIn());
        f.put("state", e -> ((NetworkEvent) e).state());
        f.put(PLATFORM, e -> PLATFORM);
        return Collections.unmodifiableMap(f);
    }
}
