package io.breachwatch.detector.engine;

/**
 * An event field's value as the text rules compare, label and key by. Ports and statuses are Integers, and turning
 * one into a new String for every event (a port scan's distinct ports, a status filter) was a tenth of replay's
 * detection thread; the values 0..65535 are made once and shared.
 */
final class FieldText {
    private static final String[] SMALL = new String[65_536];

    private FieldText() {
    }

    static String of(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Integer number && number >= 0 && number < SMALL.length) {
            String text = SMALL[number];
            if (text == null) {
                // A race makes the same String twice; Strings are immutable, so either one is fine to share.
                text = number.toString();
                SMALL[number] = text;
            }
            return text;
        }
        return value.toString();
    }
}
