package io.breachwatch.schema.parse;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.Decoded;
import io.breachwatch.schema.EventDecoder;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Canonical JSON lines (one {@code AuthEvent}, {@code ApiCallEvent} or {@code NetworkEvent} per line, as on the
 * input topics) read with exactly the strict decoder the detector's input topics use, so a line rejected here would
 * have been dead-lettered live, with the same reason.
 */
public final class CanonicalJsonlParser implements LogParser {
    private final EventDecoder<? extends CanonicalEvent> decoder;

    public CanonicalJsonlParser(EventType type) {
        this.decoder = switch (type) {
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
        Decoded<? extends CanonicalEvent> decoded = decoder.decode(text.getBytes(StandardCharsets.UTF_8));
        if (decoded instanceof Decoded.Valid<? extends CanonicalEvent> valid) {
            return ParseResult.events(List.of(valid.event()));
        }
        Decoded.Rejected<? extends CanonicalEvent> rejected = (Decoded.Rejected<? extends CanonicalEvent>) decoded;
        return ParseResult.unparseable(rejected.reason(), rejected.field() == null ? rejected.reason()
                : rejected.reason() + " in field " + rejected.field());
    }

    @Override
    public List<CanonicalEvent> finish() {
        return List.of();
    }
}
