package io.breachwatch.detector.topology;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.DeadLetter;

/** What a detection processor emits: an alert, or a dead letter for an event that arrived beyond grace. */
record Detected(Alert alert, DeadLetter late) {
    boolean isAlert() {
        return alert != null;
    }
}
