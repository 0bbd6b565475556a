package io.breachwatch.schema.parse;

import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Counts what a {@link LogParser} made of one input stream: lines by status and reason, events by type, and the
 * position of the first few unparseable lines, so that a run can report "12 lines unparseable (not_syslog), first at
 * auth.log:17" instead of skipping them silently. Single-threaded, like the parser it accompanies. The samples hold
 * line numbers and reason codes only, never line content, so they are safe to log.
 */
public final class ParseStats {
    public static final int DEFAULT_SAMPLE_LIMIT = 10;

    /** Where an unparseable line is, and why it could not be read. */
    public record Sample(long lineNumber, String reason, String message) {
    }

    private final String source;
    private final int sampleLimit;
    private final Map<ParseResult.Status, Map<String, Long>> lines = new EnumMap<>(ParseResult.Status.class);
    private final Map<EventType, Long> events = new EnumMap<>(EventType.class);
    private final List<Sample> samples = new ArrayList<>();

    public ParseStats(String source) {
        this(source, DEFAULT_SAMPLE_LIMIT);
    }

    public ParseStats(String source, int sampleLimit) {
        if (sampleLimit < 0) {
            throw new IllegalArgumentException("sampleLimit must be >= 0");
        }
        this.source = Objects.requireNonNull(source, "source");
        this.sampleLimit = sampleLimit;
    }

    /** Counts one line's result: its status and reason, and the events it released. */
    public void record(long lineNumber, ParseResult result) {
        // An event line has no reason; it is counted under the empty key so every line appears exactly once.
        String key = result.reason() == null ? "" : result.reason();
        lines.computeIfAbsent(result.status(), s -> new TreeMap<>()).merge(key, 1L, Long::sum);
        recordEvents(result.events());
        if (result.status() == ParseResult.Status.UNPARSEABLE && samples.size() < sampleLimit) {
            samples.add(new Sample(lineNumber, result.reason(), result.message()));
        }
    }

    /** Counts the events released by {@link LogParser#finish()}. */
    public void recordEvents(List<? extends CanonicalEvent> released) {
        for (CanonicalEvent event : released) {
            events.merge(event.type(), 1L, Long::sum);
        }
    }

    public String source() {
        return source;
    }

    public long lines() {
        long total = 0;
        for (ParseResult.Status status : ParseResult.Status.values()) {
            total += lines(status);
        }
        return total;
    }

    public long lines(ParseResult.Status status) {
        return linesByReason(status).values().stream().mapToLong(Long::longValue).sum();
    }

    public long lines(ParseResult.Status status, String reason) {
        return linesByReason(status).getOrDefault(reason == null ? "" : reason, 0L);
    }

    /** Line counts of one status by reason code, sorted by code; an {@link ParseResult.Status#EVENT} has key "". */
    public Map<String, Long> linesByReason(ParseResult.Status status) {
        return Collections.unmodifiableMap(lines.getOrDefault(status, Map.of()));
    }

    public long unparseable() {
        return lines(ParseResult.Status.UNPARSEABLE);
    }

    public long events() {
        return events.values().stream().mapToLong(Long::longValue).sum();
    }

    public long events(EventType type) {
        return events.getOrDefault(type, 0L);
    }

    /** The first unparseable lines, up to the sample limit, in input order. */
    public List<Sample> unparseableSamples() {
        return List.copyOf(samples);
    }

    /** A one-line report: source, totals, non-zero reasons, and where the first unparseable lines are. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source).append(": ").append(lines()).append(" lines, ")
                .append(events()).append(" events");
        lines.forEach((status, byReason) -> text.append("; ").append(status.name().toLowerCase(Locale.ROOT))
                .append(' ').append(byReason.entrySet().stream()
                        .map(e -> e.getKey().isEmpty() ? e.getValue().toString() : e.getKey() + "=" + e.getValue())
                        .toList()));
        for (Sample sample : samples) {
            text.append("; ").append(source).append(':').append(sample.lineNumber())
                    .append(' ').append(sample.reason());
        }
        return text.toString();
    }
}
