package io.breachwatch.detector.engine;

import io.breachwatch.detector.core.DisplayText;
import io.breachwatch.schema.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the evidence of an alert from the counted log entries: the first and last few event ids, and the top
 * values of the rule's explain-by field (e.g. failures per user), which is what an analyst asks first.
 */
final class Evidence {
    static final int FIRST_IDS = 3;
    static final int LAST_IDS = 2;
    static final int TOP = 10;

    private Evidence() {
    }

    static String safe(String text) {
        return DisplayText.safe(text, 64);
    }

    static Alert.Evidence of(Finding finding, String explainBy, String triggeringEventId) {
        List<String> ids = new ArrayList<>();
        List<EventLog.Entry> counted = finding.counted();
        for (int i = 0; i < counted.size(); i++) {
            if ((i < FIRST_IDS || i >= counted.size() - LAST_IDS) && counted.get(i).eventId() != null) {
                ids.add(counted.get(i).eventId());
            }
        }
        String extra = finding.values().getOrDefault("then_event_id", counted.isEmpty() ? triggeringEventId : null);
        if (extra != null && !ids.contains(extra)) {
            ids.add(extra);
        }
        Map<String, Long> breakdown = new LinkedHashMap<>();
        if (explainBy != null) {
            top(counted).forEach((label, n) -> breakdown.put(explainBy + ":" + safe(label), n));
        }
        breakdown.putAll(finding.breakdown());
        return new Alert.Evidence(ids, breakdown);
    }

    /** Labels by weight, most first, ties by name; at most {@link #TOP}. */
    static Map<String, Long> top(List<EventLog.Entry> counted) {
        Map<String, Long> top = new LinkedHashMap<>();
        EventLog.perLabel(counted).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    /** "root" / "alice, bob, carol, …": the top {@code n} labels for a summary line. */
    static String topLabels(List<EventLog.Entry> counted, int n) {
        List<String> names = new ArrayList<>();
        for (String label : top(counted).keySet()) {
            if (names.size() == n) {
                names.add("…");
                break;
            }
            names.add(safe(label));
        }
        return names.isEmpty() ? "-" : String.join(", ", names);
    }
}
