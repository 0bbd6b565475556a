package io.breachwatch.detector.hostile;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads series out of a Prometheus text-format scrape, as a dashboard or an alert rule would see them. */
public final class PrometheusScrape {
    private static final Pattern DEAD_LETTERS = Pattern.compile(
            "(?m)^breachwatch_dead_letters_total\\{reason=\"([a-z_]+)\",type=\"([a-z]+)\"} ([0-9.eE+]+)$");

    private PrometheusScrape() {
    }

    /** {@code breachwatch_dead_letters_total} of one event type, by reason. */
    public static Map<String, Long> deadLetters(String scrape, String type) {
        Map<String, Long> counts = new TreeMap<>();
        Matcher m = DEAD_LETTERS.matcher(scrape);
        while (m.find()) {
            if (m.group(2).equals(type)) {
                counts.put(m.group(1), (long) Double.parseDouble(m.group(3)));
            }
        }
        return counts;
    }
}
