package io.breachwatch.detector.simulate;

/** Event ids for one model: a run-wide prefix, the model's tag and a counter ("sim-42-t9v1q0-bf-17"). */
final class EventIds {
    private final String prefix;
    private long count;

    EventIds(String prefix) {
        this.prefix = prefix;
    }

    String next() {
        return prefix + (++count);
    }
}
