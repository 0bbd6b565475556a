package io.breachwatch.detector.topology;

import io.breachwatch.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds dead letters: the reason, where the record came from, and (the start of) the original bytes as text. */
final class DeadLetters {
    private DeadLetters() {
    }

    static DeadLetter of(String reason, String field, String detail, byte[] payload, RecordMetadata source,
                         long recordTimestamp, Instant now) {
        String text = payload == null ? null : decodeLeniently(payload);
        boolean truncated = text != null && text.length() > DeadLetter.MAX_PAYLOAD_CHARS;
        return new DeadLetter(reason, detail, field,
                source == null ? null : source.topic(),
                source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset(),
                Instant.ofEpochMilli(Math.max(0, recordTimestamp)), now,
                payload == null ? 0 : payload.length,
                truncated ? cut(text) : text, truncated);
    }

    /** The first {@link DeadLetter#MAX_PAYLOAD_CHARS} characters, never ending in half a surrogate pair. */
    private static String cut(String text) {
        int end = DeadLetter.MAX_PAYLOAD_CHARS;
        return text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end);
    }

    private static String decodeLeniently(byte[] payload) {
        int length = Math.min(payload.length, DeadLetter.MAX_PAYLOAD_CHARS * 4 + 4);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(payload, 0, length)).toString()
                    + (length < payload.length ? "…" : "");
        } catch (java.nio.charset.CharacterCodingException e) {
            return "(undecodable)";
        }
    }
}
