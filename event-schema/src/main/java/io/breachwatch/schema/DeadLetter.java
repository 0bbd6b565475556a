package io.breachwatch.schema;

import java.time.Instant;

/**
 * A record breachwatch could not use, with why and where it came from, so that nothing is silently lost.
 *
 * @param reason           one of {@link DeadLetterReason}'s codes
 * @param detail           human-readable explanation naming the offending field where there is one
 * @param field            the offending field (dotted path), or null
 * @param sourceTopic      topic (or file) the record came from
 * @param sourcePartition  its partition (or -1 for files)
 * @param sourceOffset     its offset (or the line number in a file)
 * @param recordTimestamp  the Kafka record timestamp
 * @param deadLetteredAt   wall-clock time it was dead-lettered
 * @param payloadSize      size of the original value in bytes
 * @param payload          the original value as UTF-8 text (invalid bytes replaced), at most the first 16 Ki chars;
 *                         the source offset finds the whole record
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
}
