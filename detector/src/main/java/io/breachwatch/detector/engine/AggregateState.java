package io.breachwatch.detector.engine;

import io.breachwatch.schema.CanonicalEvent;
import java.io.DataOutputStream;
import java.io.IOException;

/** One rule's memory about one entity. Mutable; written to the state store after every event. */
interface AggregateState {
    /** Records an event that passed the rule's filter. */
    void add(CanonicalEvent event, long time);

    /** After {@link #add}: a finding if the rule's condition holds now, else null. */
    Finding evaluate(CanonicalEvent event, long time);

    /** Forgets what lies before {@code time}: no window of this rule reaches back that far. */
    void expire(long time);

    boolean isEmpty();

    void write(DataOutputStream out) throws IOException;
}
