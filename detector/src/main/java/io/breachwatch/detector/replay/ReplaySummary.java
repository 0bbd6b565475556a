package io.breachwatch.detector.replay;

import io.breachwatch.detector.core.DisplayText;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.parse.ParseResult;
import io.breachwatch.schema.parse.ParseStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay read and raised: events by type, lines that could not be used by reason (with file and line
 * samples), alerts by rule and severity, incidents, and the event-time span covered.
 */
public final class ReplaySummary {
    private final Map<EventType, Long> events = new EnumMap<>(EventType.class);
    private final List<ParseStats> files = new ArrayList<>();
    private final Map<String, Long> alertsByRule = new TreeMap<>();
    private final Map<String, Long> alertsBySeverity = new TreeMap<>();
    private long incidents;
    private long late;
    private long bytes;
    private Instant first;
    private Instant last;
    private Duration elapsed = Duration.ZERO;

    void event(CanonicalEvent event) {
        events.merge(event.type(), 1L, Long::sum);
        Instant t = event.timestamp();
        first = first == null || t.isBefore(first) ? t : first;
        last = last == null || t.isAfter(last) ? t : last;
    }

    void file(ParseStats stats) {
        files.add(stats);
    }

    void alert(Alert alert) {
        alertsByRule.merge(alert.ruleId(), 1L, Long::sum);
        alertsBySeverity.merge(alert.severity().label(), 1L, Long::sum);
    }

    void incidents(long count) {
        incidents = count;
    }

    void late(long count) {
        late = count;
    }

    void bytes(long count) {
        bytes = count;
    }

    void elapsed(Duration duration) {
        elapsed = duration;
    }

    public long events() {
        return events.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<EventType, Long> eventsByType() {
        return Map.copyOf(events);
    }

    public long unparseable() {
        return files.stream().mapToLong(ParseStats::unparseable).sum();
    }

    public Map<String, Long> unparseableByReason() {
        Map<String, Long> out = new TreeMap<>();
        for (ParseStats f : files) {
            f.linesByReason(ParseResult.Status.UNPARSEABLE).forEach((r, n) -> out.merge(r, n, Long::sum));
        }
        return out;
    }

    public Map<String, Long> alertsByRule() {
        return Map.copyOf(alertsByRule);
    }

    public long alerts() {
        return alertsByRule.values().stream().mapToLong(Long::longValue).sum();
    }

    public long incidents() {
        return incidents;
    }

    public long late() {
        return late;
    }

    public Instant firstEvent() {
        return first;
    }

    public Instant lastEvent() {
        return last;
    }

    public long bytes() {
        return bytes;
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** The human-readable summary printed on stderr at the end of a replay. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        double seconds = Math.max(1e-3, elapsed.toMillis() / 1000.0);
        out.add(String.format("replayed %d events from %d input(s), %.1f MB in %.1f s (%,.0f events/s)", events(),
                files.size(), bytes / 1e6, seconds, events() / seconds));
        out.add("events by type: " + events);
        out.add(first == null ? "time span: no events" : "time span: " + first + " .. " + last);
        out.add("unparseable lines: " + unparseable() + (unparseable() == 0 ? "" : " " + unparseableByReason()));
        for (ParseStats f : files) {
            for (ParseStats.Sample s : f.unparseableSamples()) {
                // File names and parse messages (which may name a field of the line) are escaped for the terminal
                out.add("  " + DisplayText.safe(f.source() + ":" + s.lineNumber() + ": " + s.reason() + ": "
                        + s.message(), 500));
            }
        }
        if (late > 0) {
            out.add("events beyond grace (live would dead-letter them as late): " + late);
        }
        out.add("alerts: " + alerts() + " by rule " + alertsByRule + " by severity " + alertsBySeverity);
        out.add("incidents: " + incidents);
        return out;
    }
}
