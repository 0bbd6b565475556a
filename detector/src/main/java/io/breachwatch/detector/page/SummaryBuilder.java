package io.breachwatch.detector.page;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Accumulates the alerts folded into one group window into an {@link AlertSummary}. The result depends only on the
 * set of alerts added (duplicates and the window's leader are not counted), never on their order: after a restart
 * the same alerts give the same summary, byte for byte.
 */
final class SummaryBuilder implements WindowContent {
    /** Distinct entities counted exactly up to this many (as 64-bit hashes); beyond it, "more than". */
    static final int MAX_ENTITIES = 20_000;
    static final int TOP = 5;
    private static final int MAX_ATTACK = 20;
    private static final Comparator<AlertSummary.TopEntity> BEST_FIRST = Comparator
            .comparingDouble(AlertSummary.TopEntity::observed).reversed()
            .thenComparing(AlertSummary.TopEntity::value);

    private final Long leaderIdentity;
    private final TreeSet<String> alertIds = new TreeSet<>();
    private final Set<Long> entities = new HashSet<>();
    private boolean entitiesCapped;
    private final TreeSet<AlertSummary.TopEntity> top = new TreeSet<>(BEST_FIRST);
    private final Map<String, AlertSummary.TopEntity> topByValue = new HashMap<>();
    private final TreeSet<String> attack = new TreeSet<>();
    private String ruleId;
    private String entityType;
    private String title;
    private String titleAlertId;
    private Severity severity = Severity.LOW;
    private Instant first;
    private Instant last;

    /** @param leaderIdentity hash of the alert id paged on its own in this window (not counted again), or null */
    SummaryBuilder(Long leaderIdentity) {
        this.leaderIdentity = leaderIdentity;
    }

    @Override
    public boolean add(InputRecord record) {
        return add(record.alert());
    }

    /** Adds a folded alert; returns whether it counted (false for the leader and for duplicates). */
    boolean add(Alert alert) {
        if ((leaderIdentity != null && hash(alert.alertId()) == leaderIdentity) || !alertIds.add(alert.alertId())) {
            return false;
        }
        ruleId = alert.ruleId();
        entityType = alert.entity().type();
        if (titleAlertId == null || alert.alertId().compareTo(titleAlertId) < 0) {
            titleAlertId = alert.alertId();
            title = alert.title();
        }
        long hash = hash(alert.entity().value());
        if (!entities.contains(hash)) {
            if (entities.size() < MAX_ENTITIES) {
                entities.add(hash);
            } else {
                entitiesCapped = true;
            }
        }
        offerTop(new AlertSummary.TopEntity(alert.entity().value(), alert.observed()));
        for (String technique : alert.attack()) {
            if (attack.size() < MAX_ATTACK || attack.contains(technique)) {
                attack.add(technique);
            } else if (technique.compareTo(attack.last()) < 0) {
                attack.pollLast();
                attack.add(technique);
            }
        }
        if (alert.severity().compareTo(severity) > 0) {
            severity = alert.severity();
        }
        first = first == null || alert.detectedAt().isBefore(first) ? alert.detectedAt() : first;
        last = last == null || alert.detectedAt().isAfter(last) ? alert.detectedAt() : last;
        return true;
    }

    /** Keeps the {@link #TOP} entities by their highest observed value: the same result in any order. */
    private void offerTop(AlertSummary.TopEntity candidate) {
        AlertSummary.TopEntity present = topByValue.get(candidate.value());
        if (present != null) {
            if (BEST_FIRST.compare(candidate, present) < 0) {
                top.remove(present);
                top.add(candidate);
                topByValue.put(candidate.value(), candidate);
            }
            return;
        }
        if (top.size() < TOP) {
            top.add(candidate);
            topByValue.put(candidate.value(), candidate);
        } else if (BEST_FIRST.compare(candidate, top.last()) < 0) {
            topByValue.remove(top.pollLast().value());
            top.add(candidate);
            topByValue.put(candidate.value(), candidate);
        }
    }

    @Override
    public int size() {
        return alertIds.size();
    }

    @Override
    public Page page(GroupWindow window) {
        return new Page.SummaryPage(build(window.start(), window.length()));
    }

    AlertSummary build(Instant windowStart, Duration window) {
        return new AlertSummary(ruleId, title, entityType, windowStart, window, leaderIdentity != null,
                alertIds.size(), entities.size(), entitiesCapped, new ArrayList<>(top), severity,
                List.copyOf(attack), first, last, List.copyOf(alertIds));
    }

    static long hash(String text) {
        // FNV-1a, 64 bit: fast and well spread; collisions only make the entity count a little low.
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
