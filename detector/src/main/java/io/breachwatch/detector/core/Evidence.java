package io.breachwatch.detector.core;

import io.breachwatch.schema.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the evidence part of an alert from the attempts that were counted: the first and last few event ids, and
 * failures per user name (top entries), which is what an analyst asks first.
 */
final class Evidence {
    static final int FIRST_IDS = 3;
    static final int LAST_IDS = 2;
    static final int TOP_USERS = 10;

    private Evidence() {
    }

    static Alert.Evidence of(List<Attempt> counted, String extraEventId) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < counted.size(); i++) {
            if (i < FIRST_IDS || i >= counted.size() - LAST_IDS) {
                ids.add(counted.get(i).eventId());
            }
        }
        if (extraEventId != null) {
            ids.add(extraEventId);
        }
        return new Alert.Evidence(ids, failuresPerUser(counted));
    }

    static Map<String, Long> failuresPerUser(List<Attempt> counted) {
        Map<String, Long> perUser = new TreeMap<>();
        for (Attempt attempt : counted) {
            perUser.merge(userLabel(attempt.user()), 1L, Long::sum);
        }
        Map<String, Long> top = new LinkedHashMap<>();
        perUser.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_USERS)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    static long distinctUsers(List<Attempt> attempts) {
        return attempts.stream().map(Attempt::user).filter(u -> u != null).distinct().count();
    }

    /** Failures of the most-tried account. */
    static long topUserCount(List<Attempt> attempts) {
        Map<String, Long> perUser = new java.util.HashMap<>();
        long top = 0;
        for (Attempt attempt : attempts) {
            top = Math.max(top, perUser.merge(String.valueOf(attempt.user()), 1L, Long::sum));
        }
        return top;
    }

    static String userLabel(String user) {
        return "user:" + DisplayText.safe(user, 64);
    }

    static String topUsers(List<Attempt> counted, int n) {
        List<String> names = new ArrayList<>();
        for (String key : failuresPerUser(counted).keySet()) {
            if (names.size() == n) {
                names.add("…");
                break;
            }
            names.add(key.substring("user:".length()));
        }
        return String.join(", ", names);
    }
}
