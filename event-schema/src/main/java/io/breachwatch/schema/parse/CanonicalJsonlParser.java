package io.breachwatch.schema.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.Decoded;
import io.breachwatch.schema.EventDecoder;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.json.CanonicalEventBinder;
import io.breachwatch.schema.json.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON lines (one {@code AuthEvent}, {@code ApiCallEvent} or {@code NetworkEvent} per line, as on the
 * input topics) read with exactly the strict decoder the detector's input topics use, so a line rejected here would
 * have been dead-lettered live, with the same reason.
 *
 * <p>A file holds one event type, or, for a {@linkplain #mixed() mixed} file (the three input topics dumped into
 * one stream), each line's type is told by the one field only that type has: {@code outcome} (auth),
 * {@code client_id} (api) or {@code src_ip} (net). A line with none of them or several is unparseable
 * ({@code invalid_field}): guessing would bind it to a type its producer did not mean.
 */
public final class CanonicalJsonlParser implements LogParser {
    /** The field names only one canonical type has, in the order they are reported. */
    public static final Map<String, EventType> DISCRIMINATORS = Map.of("outcome", EventType.AUTH,
            "client_id", EventType.API, "src_ip", EventType.NET);

    private final EventType type;
    private final EventType fallback;
    /** One per parser (a parser is used by one thread): equal values share one String instance. */
    private final CanonicalEventBinder binder = EventJson.strict().binder().deduplicating();
    private final Map<EventType, EventDecoder<? extends CanonicalEvent>> decoders = new EnumMap<>(EventType.class);

    /** A file of {@code type} events only. */
    public CanonicalJsonlParser(EventType type) {
        this.type = java.util.Objects.requireNonNull(type, "type");
        this.fallback = type;
        decoders.put(type, decoder(type));
    }

    private CanonicalJsonlParser(EventType fallback, boolean mixed) {
        this.type = null;
        this.fallback = fallback;
        for (EventType t : EventType.values()) {
            decoders.put(t, decoder(t));
        }
    }

    /** A file that mixes the three event types, each line's type told by its fields. */
    public static CanonicalJsonlParser mixed() {
        return new CanonicalJsonlParser(null, true);
    }

    /**
     * A file whose lines are read as the type their fields tell, and a line that tells none as {@code fallback}
     * (the type the file's first lines were detected to hold), so that it is rejected with that type's precise
     * reason (say, the missing {@code outcome} of a login) rather than for not telling its type. Every valid event
     * tells its type (each type's discriminator is one of its required fields), so valid lines read the same as
     * with a single-type parser, wherever in the file another type's lines begin.
     */
    public static CanonicalJsonlParser mixed(EventType fallback) {
        return new CanonicalJsonlParser(fallback, true);
    }

    private static EventDecoder<? extends CanonicalEvent> decoder(EventType type) {
        return switch (type) {
            case AUTH -> new EventDecoder<>(AuthEvent.class);
            case API -> new EventDecoder<>(ApiCallEvent.class);
            case NET -> new EventDecoder<>(NetworkEvent.class);
        };
    }

    @Override
    public ParseResult parse(String line, long lineNumber) {
        String text = line == null ? null : LineText.withoutByteOrderMark(LineText.withoutTerminator(line));
        if (text == null || text.isBlank()) {
            return ParseResult.ignored(ParseReason.BLANK_LINE);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // An ordinary valid line in one pass; anything else through the decoders, which word the rejections.
        CanonicalEvent event = binder.tryRead(bytes, type);
        if (event != null) {
            return ParseResult.events(List.of(event));
        }
        EventType lineType = type;
        if (lineType == null) {
            lineType = typeOf(bytes);
            if (lineType == null) {
                lineType = fallback;
            }
            if (lineType == null) {
                // Not even JSON, or too large: the decoder's own reason (document-level, the same for every type).
                Decoded<? extends CanonicalEvent> asAuth = decoders.get(EventType.AUTH).decode(bytes);
                if (asAuth instanceof Decoded.Rejected<? extends CanonicalEvent> rejected
                        && !rejected.reason().equals(DeadLetterReason.INVALID_FIELD)) {
                    return unparseable(rejected);
                }
                return ParseResult.unparseable(DeadLetterReason.INVALID_FIELD, DeadLetterReason.INVALID_FIELD
                        + ": the event type is told by exactly one of the fields outcome (auth), client_id "
                        + "(api) or src_ip (net)");
            }
        }
        Decoded<? extends CanonicalEvent> decoded = decoders.get(lineType).decode(bytes);
        if (decoded instanceof Decoded.Valid<? extends CanonicalEvent> valid) {
            return ParseResult.events(List.of(valid.event()));
        }
        return unparseable((Decoded.Rejected<? extends CanonicalEvent>) decoded);
    }

    private static ParseResult unparseable(Decoded.Rejected<? extends CanonicalEvent> rejected) {
        return ParseResult.unparseable(rejected.reason(), rejected.field() == null ? rejected.reason()
                : rejected.reason() + " in field " + rejected.field());
    }

    /**
     * The type told by the top-level field names of a JSON object (values are skipped, not read), or null when the
     * document is not a well-formed object or names none or several of the {@link #DISCRIMINATORS}.
     */
    static EventType typeOf(byte[] json) {
        EventType found = null;
        try (JsonParser p = EventJson.strict().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                EventType told = DISCRIMINATORS.get(p.currentName());
                if (told != null) {
                    if (found != null) {
                        return null;
                    }
                    found = told;
                }
                p.nextToken();
                p.skipChildren();
            }
            return token == JsonToken.END_OBJECT ? found : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public List<CanonicalEvent> finish() {
        return List.of();
    }
}
