package io.breachwatch.detector.rules;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** "did you mean": the known name closest to a misspelt one, when it is close enough to be a typo. */
final class Suggest {
    /** Names people bring from other tools. */
    private static final Map<String, String> SYNONYMS = Map.of("threshold", "at_least", "filter", "where",
            "match", "where", "groupby", "group_by", "severity_level", "severity", "techniques", "attack",
            "mitre", "attack", "timespan", "window", "name", "title");

    private Suggest() {
    }

    /** " (did you mean 'x'?)" or "". */
    static String didYouMean(String input, Collection<String> known) {
        String best = closest(input, known);
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    static String closest(String input, Collection<String> known) {
        if (input == null || input.isEmpty() || input.length() > 200) {
            return null;
        }
        for (Map.Entry<String, String> synonym : SYNONYMS.entrySet()) {
            if (known.contains(synonym.getValue()) && distance(normalize(input), synonym.getKey()) <= 1) {
                return synonym.getValue();
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d;
            if (normalize(candidate).equals(normalize(input))) {
                d = 0;
            } else if (input.length() >= 4 && candidate.startsWith(input)) {
                d = 1;
            } else if (candidate.length() >= 4 && input.startsWith(candidate)) {
                d = 2;
            } else {
                d = distance(input.toLowerCase(Locale.ROOT), candidate);
            }
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = input.length() <= 4 ? 1 : input.length() <= 8 ? 2 : 3;
        return bestDistance <= allowed ? best : null;
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
