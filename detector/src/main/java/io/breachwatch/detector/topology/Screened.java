package io.breachwatch.detector.topology;

import io.breachwatch.schema.DeadLetter;

/** An input record after screening: either an accepted canonical event or the dead letter explaining why not. */
record Screened<T>(T event, DeadLetter deadLetter) {
    static <T> Screened<T> accepted(T event) {
        return new Screened<>(event, null);
    }

    static <T> Screened<T> rejected(DeadLetter deadLetter) {
        return new Screened<>(null, deadLetter);
    }

    boolean isAccepted() {
        return event != null;
    }
}
