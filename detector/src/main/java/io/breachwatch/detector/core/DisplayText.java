package io.breachwatch.detector.core;

/**
 * Makes attacker-controlled text (user names, host names) safe to put in a one-line summary, a log line or a
 * terminal: control characters (CR, LF, ESC…), Unicode format characters (bidi overrides) and lone surrogates are
 * escaped as \\uXXXX, and the result is cut to a maximum length.
 */
public final class DisplayText {
    private DisplayText() {
    }

    public static String safe(String text, int maxChars) {
        if (text == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        for (int i = 0; i < text.length() && out.length() < maxChars; i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            boolean unsafe = Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.UNASSIGNED;
            if (unsafe) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= maxChars && text.length() > maxChars) {
            out.setLength(maxChars);
            out.append('…');
        }
        return out.toString();
    }

    /** "1m12s", "45s", "2h3m": compact event-time spans for summaries. */
    public static String span(long millis) {
        long seconds = Math.max(0, millis) / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m" + (seconds % 60 == 0 ? "" : (seconds % 60) + "s");
        }
        return (seconds / 3600) + "h" + ((seconds % 3600) / 60 == 0 ? "" : ((seconds % 3600) / 60) + "m");
    }
}
