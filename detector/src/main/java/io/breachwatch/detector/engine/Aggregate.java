package io.breachwatch.detector.engine;

import java.io.DataInputStream;
import java.io.IOException;

/** A compiled aggregate of one rule: makes and reads its per-entity states, and says how far back they reach. */
interface Aggregate {
    AggregateState newState();

    AggregateState read(DataInputStream in) throws IOException;

    /** How far back (event time) an entity's state for this rule must reach. */
    long horizonMillis();
}
