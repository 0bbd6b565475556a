package io.breachwatch.detector.page;

import io.breachwatch.detector.config.Durations;
import io.breachwatch.detector.core.DisplayText;
import io.breachwatch.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The alerts of one group (rule and entity kind) folded during one window: how many, on how many entities, the
 * entities with the highest observed values, and every alert id. Built by {@link SummaryBuilder} from the set of
 * folded alerts alone, so it is the same whatever order they were read in.
 *
 * @param ruleId          the rule the alerts come from
 * @param ruleTitle       the rule's title
 * @param entityType      the kind of entity (source_ip, user, api_client...)
 * @param windowStart     when the group window opened (wall clock of the bridge, whole milliseconds as the commit
 *                        metadata keeps it; part of the dedup key)
 * @param window          the window's length
 * @param afterLeader     whether the window's first alert was paged on its own (then these are "more" alerts)
 * @param alerts          distinct alerts folded
 * @param entities        distinct entities among them (exact up to {@link SummaryBuilder#MAX_ENTITIES})
 * @param entitiesCapped  whether there were more distinct entities than that
 * @param top             the entities with the highest observed values, highest first
 * @param severity        the highest severity among them
 * @param attack          the ATT&CK technique ids among them, sorted
 * @param firstDetectedAt earliest detection time among them
 * @param lastDetectedAt  latest detection time among them
 * @param alertIds        every folded alert id, sorted
 */
public record AlertSummary(String ruleId, String ruleTitle, String entityType, Instant windowStart, Duration window,
                           boolean afterLeader, int alerts, int entities, boolean entitiesCapped,
                           List<TopEntity> top, Severity severity, List<String> attack, Instant firstDetectedAt,
                           Instant lastDetectedAt, List<String> alertIds) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** An entity and the highest value observed for it among the folded alerts. */
    public record TopEntity(String value, double observed) {
    }

    public AlertSummary {
        top = List.copyOf(top);
        attack = List.copyOf(attack);
        alertIds = List.copyOf(alertIds);
    }

    /** Group and window start: a restart that delivers this summary again uses the same key. */
    public String dedupKey() {
        return "summary:" + ruleId + ":" + entityType + ":" + windowStart.toEpochMilli();
    }

    /** "Brute force from one source: 9,874 more alerts". */
    public String pageTitle() {
        return DisplayText.safe(ruleTitle, 100) + ": " + count(alerts) + (afterLeader ? " more" : "") + " alert"
                + (alerts == 1 ? "" : "s");
    }

    /** "auth.brute_force.source: 9,874 more alerts on 9,874 source_ip entities, 03:07:12-03:11:58 UTC (...)". */
    public String text() {
        String topText = top.stream().map(t -> DisplayText.safe(t.value(), 64) + " (" + number(t.observed()) + ")")
                .collect(Collectors.joining(", "));
        return ruleId + ": " + count(alerts) + (afterLeader ? " more" : "") + " alert" + (alerts == 1 ? "" : "s")
                + " on " + (entitiesCapped ? "more than " : "") + count(entities) + " " + entityType + " entit"
                + (entities == 1 ? "y" : "ies") + ", detected " + TIME.format(firstDetectedAt) + "-"
                + TIME.format(lastDetectedAt) + " UTC (grouped for " + Durations.format(window) + ")"
                + (topText.isEmpty() ? "" : "; highest: " + topText);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
