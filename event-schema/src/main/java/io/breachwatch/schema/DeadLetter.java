package io.breachwatch.schema;

import java.time.Instant;

/**
 * A record breachwatch could not use, with why and where it came from, so that nothing is silently lost.
 *
 * <p>Dead letters are read with {@link io.breachwatch.schema.json.JsonLimits#DEAD_LETTERS} (see {@link Topics}):
 * a payload of {@link #MAX_PAYLOAD_CHARS} control characters, each escaped to six bytes, is larger than an input
 * event may be. The field limits keep the largest dead letter well within those limits.
 *
 * @param reason           one of {@link DeadLetterReason}'s codes
 * @param detail           human-readable explanation naming the offending field where there is one
 * @param field            the offending field (dotted path), or null
 * @param sourceTopic      topic (or file) the record came from, or null when unknown
 * @param sourcePartition  its partition (or -1 for files or when unknown)
 * @param sourceOffset     its offset (or the line number in a file; -1 when unknown)
 * @param recordTimestamp  the Kafka record timestamp, or null
 * @param deadLetteredAt   wall-clock time it was dead-lettered
 * @param payloadSize      size of the original value in bytes
 * @param payload          the original value as UTF-8 text (invalid bytes replaced), at most the first 16 Ki chars
 *                         (the source offset finds the whole record); null for a null value (tombstone)
 * @param payloadTruncated whether {@code payload} was cut
 */
public record DeadLetter(
        String reason,
        String detail,
        String field,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        Instant recordTimestamp,
        Instant deadLetteredAt,
        int payloadSize,
        String payload,
        boolean payloadTruncated) {

    public static final int MAX_PAYLOAD_CHARS = 16 * 1024;

    public DeadLetter {
        Fields.required("reason", reason, 32);
        if (!DeadLetterReason.ALL.contains(reason)) {
            throw InvalidEventException.invalidField("reason", "must be one of " + DeadLetterReason.ALL);
        }
        Fields.required("detail", detail, Fields.TEXT_MAX);
        Fields.optional("field", field, Fields.NAME_MAX);
        Fields.optional("source_topic", sourceTopic, Fields.TEXT_MAX);
        Fields.atLeast("source_partition", sourcePartition, -1);
        Fields.atLeast("source_offset", sourceOffset, -1);
        Fields.optionalTime("record_timestamp", recordTimestamp);
        Fields.requiredTime("dead_lettered_at", deadLetteredAt);
        Fields.atLeast("payload_size", payloadSize, 0);
        Fields.optionalText("payload", payload, MAX_PAYLOAD_CHARS);
    }
}
