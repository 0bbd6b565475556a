package io.breachwatch.detector.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a webhook receiver got, checked against the bridge's guarantee: every alert arrived, on its own (its id is
 * the dedup key) or in a summary; no alert arrived under two different dedup keys; a dedup key (of one page kind)
 * always came with the same content. Repeats of the same page (same key, same content) are what at-least-once
 * allows, and are counted.
 */
public final class Deliveries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Set<String>> bodiesByKey = new TreeMap<>();
    private final Map<String, Set<String>> keysByAlert = new TreeMap<>();
    private final Map<String, Integer> incidentAlerts = new TreeMap<>();
    private final List<String> kinds = new ArrayList<>();
    private int received;

    public Deliveries(Collection<FlakyReceiver.Received> processed) {
        for (FlakyReceiver.Received page : processed) {
            received++;
            JsonNode body;
            try {
                body = JSON.readTree(page.body());
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
            String key = body.get("dedup_key").asText();
            String kind = body.get("kind").asText();
            if (bodiesByKey.computeIfAbsent(key + " (" + kind + ")", k -> new LinkedHashSet<>()).add(page.body())) {
                kinds.add(kind);
            }
            switch (kind) {
                case "alert" -> keysByAlert.computeIfAbsent(body.get("alert").get("alert_id").asText(),
                        k -> new LinkedHashSet<>()).add(key);
                case "summary" -> body.get("summary").get("alert_ids").forEach(id ->
                        keysByAlert.computeIfAbsent(id.asText(), k -> new LinkedHashSet<>()).add(key));
                default -> incidentAlerts.merge(key, body.get("incident").get("alert_ids").size(), Math::max);
            }
        }
    }

    /** Everything that breaks the guarantee; empty when it held. */
    public List<String> problems(Collection<String> expectedAlertIds) {
        List<String> problems = new ArrayList<>();
        for (String id : expectedAlertIds) {
            if (!keysByAlert.containsKey(id)) {
                problems.add("alert " + id + " was never delivered");
            }
        }
        keysByAlert.forEach((id, keys) -> {
            if (keys.size() > 1) {
                problems.add("alert " + id + " was delivered under " + keys.size() + " dedup keys: " + keys);
            }
            if (keys.size() == 1 && !keys.contains(id) && !keys.iterator().next().startsWith("summary:")) {
                problems.add("alert " + id + " was delivered under " + keys);
            }
        });
        bodiesByKey.forEach((key, bodies) -> {
            if (bodies.size() > 1) {
                List<String> versions = new ArrayList<>(bodies);
                problems.add(key + " was delivered with " + bodies.size() + " different contents: "
                        + bodies.stream().map(Deliveries::gist).toList() + "; first difference: "
                        + difference(versions.get(0), versions.get(1)));
            }
        });
        return problems;
    }

    /** What tells two versions of a page apart: its text and, for a summary, its first and last alert ids. */
    private static String gist(String body) {
        try {
            JsonNode page = JSON.readTree(body);
            JsonNode summary = page.get("summary");
            return page.get("text").asText() + (summary == null ? "" : " ids " + summary.get("alert_ids").get(0)
                    + ".." + summary.get("alert_ids").get(summary.get("alert_ids").size() - 1));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String difference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 60);
        return "..." + a.substring(from, Math.min(a.length(), i + 60)) + "... vs ..."
                + b.substring(from, Math.min(b.length(), i + 60)) + "...";
    }

    /** Distinct pages (dedup key, kind and content). */
    public int pages() {
        return kinds.size();
    }

    public long pages(String kind) {
        return kinds.stream().filter(kind::equals).count();
    }

    /** Requests that repeated a page already received. */
    public int repeats() {
        return received - kinds.size();
    }

    public Set<String> deliveredAlertIds() {
        return keysByAlert.keySet();
    }

    /** The most alerts any delivered version of each incident listed. */
    public Map<String, Integer> incidentAlerts() {
        return incidentAlerts;
    }

    /** The summaries' alert counts, for flood tests. */
    public List<Integer> summarySizes() {
        List<Integer> sizes = new ArrayList<>();
        bodiesByKey.forEach((key, bodies) -> {
            if (key.endsWith("(summary)")) {
                try {
                    sizes.add(JSON.readTree(bodies.iterator().next()).get("summary").get("alerts").asInt());
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        return sizes;
    }
}
