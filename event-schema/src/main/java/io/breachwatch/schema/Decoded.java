package io.breachwatch.schema;

/**
 * The outcome of reading one untrusted record: a valid canonical event, or the reason it was rejected together with
 * the original bytes (for the dead letter). Reading never throws, so one bad record cannot stop a stream thread.
 */
public sealed interface Decoded<T> {

    record Valid<T>(T event) implements Decoded<T> {
    }

    /**
     * @param reason  a {@link DeadLetterReason} code
     * @param field   the offending field, or null
     * @param detail  a readable explanation
     * @param payload the original bytes (may be null for a tombstone)
     */
    record Rejected<T>(String reason, String field, String detail, byte[] payload) implements Decoded<T> {
        public static <T> Rejected<T> of(InvalidEventException e, byte[] payload) {
            return new Rejected<>(e.reason(), e.field(), e.getMessage(), payload);
        }
    }
}
