package io.breachwatch.schema.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The fast path of reading a canonical event: one streaming pass over the bytes that binds an ordinary, valid
 * {@code AuthEvent}, {@code ApiCallEvent} or {@code NetworkEvent} straight into its record, with the same parser
 * limits and duplicate-key detection as {@link EventJson}. It accepts a strict subset of what {@link EventJson}
 * accepts (known fields only, each once; strings as JSON strings, integers as JSON integers in range, the outcome as
 * exactly {@code success} or {@code failure}, RFC 3339 timestamps, no nulls, nothing after the object) and gives the
 * identical record, built by the same constructor with the same checks. Anything else, valid or not, returns null
 * and is read by {@link EventJson}'s strict two-pass path, which alone words the rejections: so dead-letter reasons
 * and messages do not depend on which path ran.
 *
 * <p>Why it exists: the two-pass data-binding path costs about three times as much per event, and forensic replay
 * reads millions of events.
 */
public final class CanonicalEventBinder {
    private enum Kind { TEXT, INT, LONG, TIME, OUTCOME }

    /** Every field of the three event types; one slot each, shared where types share a name. */
    private enum Field {
        EVENT_ID("event_id", Kind.TEXT), TIMESTAMP("timestamp", Kind.TIME), USER("user", Kind.TEXT),
        SOURCE_IP("source_ip", Kind.TEXT), OUTCOME("outcome", Kind.OUTCOME), METHOD("method", Kind.TEXT),
        REASON("reason", Kind.TEXT), SERVICE("service", Kind.TEXT), HOST("host", Kind.TEXT),
        CLIENT_ID("client_id", Kind.TEXT), CLIENT_TYPE("client_type", Kind.TEXT),
        OPERATION("operation", Kind.TEXT), STATUS("status", Kind.INT), RESPONSE_BYTES("response_bytes", Kind.LONG),
        RECORDS("records", Kind.LONG), CUSTOMER_ID("customer_id", Kind.TEXT), SRC_IP("src_ip", Kind.TEXT),
        SRC_PORT("src_port", Kind.INT), DST_IP("dst_ip", Kind.TEXT), DST_PORT("dst_port", Kind.INT),
        PROTOCOL("protocol", Kind.TEXT), BYTES_OUT("bytes_out", Kind.LONG), BYTES_IN("bytes_in", Kind.LONG),
        STATE("state", Kind.TEXT);

        final String json;
        final Kind kind;

        Field(String json, Kind kind) {
            this.json = json;
            this.kind = kind;
        }

        long bit() {
            return 1L << ordinal();
        }
    }

    private static final Map<String, Field> BY_NAME = new HashMap<>();
    private static final Map<EventType, Long> FIELDS_OF = new EnumMap<>(EventType.class);

    static {
        for (Field f : Field.values()) {
            BY_NAME.put(f.json, f);
        }
        FIELDS_OF.put(EventType.AUTH, bits(Field.EVENT_ID, Field.TIMESTAMP, Field.USER, Field.SOURCE_IP,
                Field.OUTCOME, Field.METHOD, Field.REASON, Field.SERVICE, Field.HOST));
        FIELDS_OF.put(EventType.API, bits(Field.EVENT_ID, Field.TIMESTAMP, Field.CLIENT_ID, Field.CLIENT_TYPE,
                Field.SOURCE_IP, Field.METHOD, Field.OPERATION, Field.STATUS, Field.RESPONSE_BYTES, Field.RECORDS,
                Field.CUSTOMER_ID));
        FIELDS_OF.put(EventType.NET, bits(Field.EVENT_ID, Field.TIMESTAMP, Field.SRC_IP, Field.SRC_PORT,
                Field.DST_IP, Field.DST_PORT, Field.PROTOCOL, Field.BYTES_OUT, Field.BYTES_IN, Field.STATE));
    }

    /** Distinct values a deduplicating binder remembers before it starts afresh. */
    static final int MAX_CACHED_VALUES = 65_536;

    private final JsonFactory factory;
    private final int maxDocumentBytes;
    /** Null, or one instance per distinct text value (except event ids): see {@link #deduplicating()}. */
    private final Map<String, String> values;

    CanonicalEventBinder(JsonFactory factory, int maxDocumentBytes) {
        this(factory, maxDocumentBytes, null);
    }

    private CanonicalEventBinder(JsonFactory factory, int maxDocumentBytes, Map<String, String> values) {
        this.factory = factory;
        this.maxDocumentBytes = maxDocumentBytes;
        this.values = values;
    }

    /**
     * A binder for one thread that gives equal text values (user names, addresses, methods, protocols...) one
     * shared String instance, up to {@link #MAX_CACHED_VALUES} of them at a time. For replay, which holds up to a
     * million parsed events to restore their order: a third of the objects to keep, copy and collect. Not for
     * concurrent use.
     */
    public CanonicalEventBinder deduplicating() {
        return new CanonicalEventBinder(factory, maxDocumentBytes, new HashMap<>());
    }

    /** The binder with {@link EventJson#strict()}'s limits. */
    public static CanonicalEventBinder strict() {
        return EventJson.strict().binder();
    }

    /**
     * The event in {@code bytes} if it is an ordinary valid event of {@code type} (or, with {@code type} null, of
     * the one type its fields tell: {@link #typeOf}); null when the strict path must decide.
     */
    public CanonicalEvent tryRead(byte[] bytes, EventType type) {
        // Jackson decodes overlong and surrogate sequences; only strict UTF-8 takes the fast path.
        if (bytes == null || bytes.length > maxDocumentBytes || Utf8.firstInvalid(bytes) >= 0) {
            return null;
        }
        Object[] slots = new Object[Field.values().length];
        long present = 0;
        try (JsonParser p = factory.createParser(bytes)) {
            // Duplicate keys are caught by the field bitmask below (only known top-level fields are accepted, and
            // nothing nested), so Jackson's own duplicate tracking is redundant on this path.
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                Field field = BY_NAME.get(p.currentName());
                if (field == null || (present & field.bit()) != 0) {
                    return null;
                }
                present |= field.bit();
                Object value = value(p, p.nextToken(), field.kind);
                if (value == null) {
                    return null;
                }
                if (values != null && field.kind == Kind.TEXT && field != Field.EVENT_ID) {
                    value = shared((String) value);
                }
                slots[field.ordinal()] = value;
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null; // malformed, over a limit, a duplicate key: the strict path says which
        }
        EventType actual = type != null ? type : typeOf(present);
        if (actual == null || (present & ~FIELDS_OF.get(actual)) != 0) {
            return null;
        }
        try {
            return build(actual, slots);
        } catch (RuntimeException e) {
            return null; // a constructor check failed: the strict path reports it with its field
        }
    }

    private String shared(String value) {
        String known = values.putIfAbsent(value, value);
        if (known != null) {
            return known;
        }
        if (values.size() > MAX_CACHED_VALUES) {
            values.clear();
        }
        return value;
    }

    /**
     * The type of a canonical event told by a field only that type has ({@code outcome}: auth, {@code client_id}:
     * api, {@code src_ip}: net), or null when no such field or more than one is present.
     */
    static EventType typeOf(long present) {
        boolean auth = (present & Field.OUTCOME.bit()) != 0;
        boolean api = (present & Field.CLIENT_ID.bit()) != 0;
        boolean net = (present & Field.SRC_IP.bit()) != 0;
        if ((auth ? 1 : 0) + (api ? 1 : 0) + (net ? 1 : 0) != 1) {
            return null;
        }
        return auth ? EventType.AUTH : api ? EventType.API : EventType.NET;
    }

    /** The field names that tell a canonical event's type, by type. */
    public static Map<EventType, String> discriminators() {
        return Map.of(EventType.AUTH, Field.OUTCOME.json, EventType.API, Field.CLIENT_ID.json, EventType.NET,
                Field.SRC_IP.json);
    }

    /** Null when the token is not of the one shape the fast path takes for this kind of field. */
    private static Object value(JsonParser p, JsonToken token, Kind kind) throws IOException {
        switch (kind) {
            case TEXT:
                return token == JsonToken.VALUE_STRING ? p.getText() : null;
            case INT:
                return token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                        ? Integer.valueOf(p.getIntValue()) : null;
            case LONG:
                if (token != JsonToken.VALUE_NUMBER_INT) {
                    return null;
                }
                JsonParser.NumberType n = p.getNumberType();
                return n == JsonParser.NumberType.INT || n == JsonParser.NumberType.LONG
                        ? Long.valueOf(p.getLongValue()) : null;
            case TIME:
                if (token != JsonToken.VALUE_STRING) {
                    return null;
                }
                try {
                    return Rfc3339.parse(p.getText());
                } catch (DateTimeParseException e) {
                    return null;
                }
            default:
                if (token != JsonToken.VALUE_STRING) {
                    return null;
                }
                String text = p.getText();
                return text.equals("failure") ? AuthOutcome.FAILURE : text.equals("success") ? AuthOutcome.SUCCESS
                        : null;
        }
    }

    private static CanonicalEvent build(EventType type, Object[] v) {
        switch (type) {
            case AUTH:
                return new AuthEvent(text(v, Field.EVENT_ID), (Instant) v[Field.TIMESTAMP.ordinal()],
                        text(v, Field.USER), text(v, Field.SOURCE_IP), (AuthOutcome) v[Field.OUTCOME.ordinal()],
                        text(v, Field.METHOD), text(v, Field.REASON), text(v, Field.SERVICE), text(v, Field.HOST));
            case API:
                return new ApiCallEvent(text(v, Field.EVENT_ID), (Instant) v[Field.TIMESTAMP.ordinal()],
                        text(v, Field.CLIENT_ID), text(v, Field.CLIENT_TYPE), text(v, Field.SOURCE_IP),
                        text(v, Field.METHOD), text(v, Field.OPERATION), (Integer) v[Field.STATUS.ordinal()],
                        (Long) v[Field.RESPONSE_BYTES.ordinal()], (Long) v[Field.RECORDS.ordinal()],
                        text(v, Field.CUSTOMER_ID));
            default:
                return new NetworkEvent(text(v, Field.EVENT_ID), (Instant) v[Field.TIMESTAMP.ordinal()],
                        text(v, Field.SRC_IP), (Integer) v[Field.SRC_PORT.ordinal()], text(v, Field.DST_IP),
                        (Integer) v[Field.DST_PORT.ordinal()], text(v, Field.PROTOCOL),
                        (Long) v[Field.BYTES_OUT.ordinal()], (Long) v[Field.BYTES_IN.ordinal()],
                        text(v, Field.STATE));
        }
    }

    private static String text(Object[] values, Field field) {
        return (String) values[field.ordinal()];
    }

    private static long bits(Field... fields) {
        long bits = 0;
        for (Field f : fields) {
            bits |= f.bit();
        }
        return bits;
    }
}
