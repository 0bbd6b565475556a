package io.breachwatch.schema.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Guesses a log file's {@link LogFormat} from its first non-blank lines, so that {@code replay file…} works without
 * {@code --format} for the formats breachwatch reads. Zeek's tab-separated header is decisive, and names the log
 * ({@code #path}, else the {@code #fields}); JSON lines are told apart by their keys (CloudTrail's
 * {@code eventVersion}/{@code Records}, Zeek's {@code ts}+{@code uid}, the canonical events' own field names, whose
 * sets are taken from the event records so they cannot drift); other lines must look like syslog or like an access
 * log. A guess needs most sampled lines to agree; when they do not, or nothing fits, the answer says so, and why,
 * and asks for {@code --format}. It never throws on content (I/O errors of {@link #detect(Path)} excepted).
 */
public final class FormatDetector {
    /** Non-blank lines looked at. */
    public static final int MAX_LINES = 20;
    /** Characters of each line looked at (a CloudTrail object is one multi-MiB line; its start is enough). */
    public static final int MAX_LINE_CHARS = 1024 * 1024;

    private static final Pattern BSD_SYSLOG = Pattern.compile(
            "(?:<\\d{1,3}>)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 0-9]?[0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} "
                    + "\\S+ .*", Pattern.DOTALL);
    private static final Pattern RFC3339_SYSLOG = Pattern.compile(
            "(?:<\\d{1,3}>)?[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{1,9})?"
                    + "(?:Z|[+-][0-9]{2}:[0-9]{2}) \\S+ .*", Pattern.DOTALL);
    private static final Pattern CLOUDTRAIL_KEYS = Pattern.compile(
            "\"(?:Records|CloudTrailEvent|eventVersion|eventSource|awsRegion)\"\\s*:");
    private static final Map<EventType, Set<String>> CANONICAL_FIELDS = canonicalFields();

    private final ObjectMapper json = LogJson.mapper(MAX_LINE_CHARS, 64);

    /** Whether a format was found; {@link #AMBIGUOUS} and {@link #UNKNOWN} come with a message asking for one. */
    public enum Outcome {
        DETECTED,
        /** The lines fit more than one format. */
        AMBIGUOUS,
        /** The lines fit no format (or a format's log that carries no events, such as Zeek's dns.log). */
        UNKNOWN
    }

    /**
     * The answer.
     *
     * @param outcome   detected, ambiguous or unknown
     * @param format    the format when detected, else null
     * @param zeekLog   for Zeek formats, the log (conn, ssh, http); null for other formats, and for a Zeek JSON
     *                  stream mixing logs (the parser then tells each record's log itself)
     * @param eventType for {@link LogFormat#CANONICAL_JSONL}, the event type; else null, and null for canonical
     *                  events of several types (the parser then tells each line's type itself)
     * @param message   one line for the user: what was found and from what, or why nothing was and what to do
     */
    public record Detection(Outcome outcome, LogFormat format, ZeekLog zeekLog, EventType eventType,
                            String message) {
        public boolean detected() {
            return outcome == Outcome.DETECTED;
        }
    }

    private record Candidate(LogFormat format, ZeekLog zeekLog, EventType eventType, String note) {
        String label() {
            if (note != null) {
                return note;
            }
            if (zeekLog != null) {
                return format.id() + " (" + zeekLog.path() + ")";
            }
            return eventType != null ? format.id() + " (" + eventType.label() + ")" : format.id();
        }
    }

    /** Reads up to {@link #MAX_LINES} non-blank lines of a plain or gzip file and detects their format. */
    public static Detection detect(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LogReader reader = LogReader.open(file, MAX_LINE_CHARS)) {
            LogReader.Line line;
            while (lines.size() < MAX_LINES && (line = reader.next()) != null) {
                if (!line.text().isBlank()) {
                    lines.add(line.text());
                }
            }
        }
        return detect(String.valueOf(file.getFileName()), lines);
    }

    /**
     * @param sourceName names the input in messages
     * @param lines      the first lines of the input, blank ones included or not; only the first
     *                   {@link #MAX_LINES} non-blank ones are used
     */
    public static Detection detect(String sourceName, List<String> lines) {
        return new FormatDetector().run(sourceName, lines);
    }

    private Detection run(String sourceName, List<String> input) {
        List<String> lines = new ArrayList<>();
        for (String line : input) {
            if (line == null) {
                continue;
            }
            String text = LineText.withoutTerminator(line);
            text = LineText.withoutByteOrderMark(text.length() > MAX_LINE_CHARS ? text.substring(0, MAX_LINE_CHARS)
                    : text);
            if (!text.isBlank()) {
                lines.add(text);
            }
            if (lines.size() == MAX_LINES) {
                break;
            }
        }
        if (lines.isEmpty()) {
            return unknown(sourceName, "it has no non-blank lines");
        }
        String first = lines.get(0);
        if (first.startsWith("#separator") || first.startsWith("#fields") || first.startsWith("ts\tuid\t")) {
            return zeekTsv(sourceName, lines);
        }
        String trimmed = first.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return jsonLines(sourceName, lines);
        }
        Map<Candidate, Integer> votes = new LinkedHashMap<>();
        for (String line : lines) {
            textCandidate(line).ifPresent(candidate -> votes.merge(candidate, 1, Integer::sum));
        }
        return decide(sourceName, votes, lines.size());
    }

    private static Optional<Candidate> textCandidate(String line) {
        if (BSD_SYSLOG.matcher(line).matches() || RFC3339_SYSLOG.matcher(line).matches()) {
            return Optional.of(new Candidate(LogFormat.SSHD_SYSLOG, null, null, null));
        }
        if (AccessLogLine.read(line).isPresent()) {
            return Optional.of(new Candidate(LogFormat.COMBINED_LOG, null, null, null));
        }
        return Optional.empty();
    }

    private static Detection zeekTsv(String sourceName, List<String> lines) {
        ZeekTsvHeader header = new ZeekTsvHeader();
        try {
            for (String line : lines) {
                if (line.startsWith("#")) {
                    header.apply(line);
                } else if (line.startsWith("ts\tuid\t") && !header.hasFields()) {
                    header.applyColumnNames(line);
                }
            }
        } catch (RuntimeException e) {
            return unknown(sourceName, "its Zeek header is unreadable");
        }
        String path = header.path();
        Optional<ZeekLog> log = path != null ? ZeekLog.fromPath(path)
                : ZeekParser.inferLog(new ZeekRecord.Tsv(header, new String[header.fieldCount()]));
        if (log.isEmpty()) {
            return unknown(sourceName, path != null
                    ? "it is a Zeek log whose #path is not one breachwatch reads (conn, ssh, http)"
                    : "it is a Zeek log without #path whose #fields are not those of conn, ssh or http");
        }
        return new Detection(Outcome.DETECTED, LogFormat.ZEEK_TSV, log.get(), null,
                sourceName + ": " + LogFormat.ZEEK_TSV.id() + " (" + log.get().path() + "), from its "
                        + (path != null ? "#path" : "#fields") + " header");
    }

    private Detection jsonLines(String sourceName, List<String> lines) {
        Map<Candidate, Integer> votes = new LinkedHashMap<>();
        int readable = 0;
        for (String line : lines) {
            ObjectNode object = readObject(line);
            if (object == null) {
                continue;
            }
            readable++;
            jsonCandidate(object).ifPresent(candidate -> votes.merge(candidate, 1, Integer::sum));
        }
        if (readable == 0) {
            // A pretty-printed or very long document: its first lines are fragments, its keys still tell.
            String start = String.join("\n", lines);
            if (CLOUDTRAIL_KEYS.matcher(start).find()) {
                return new Detection(Outcome.DETECTED, LogFormat.CLOUDTRAIL, null, null, sourceName + ": "
                        + LogFormat.CLOUDTRAIL.id() + ", from the keys of a JSON document spanning lines");
            }
            return unknown(sourceName, "it starts like JSON, but no line is a whole JSON object and no key is known");
        }
        return decide(sourceName, mergeCanonicalTypes(mergeZeekLogs(votes)), lines.size());
    }

    private ObjectNode readObject(String line) {
        try {
            JsonNode node = json.readTree(line);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Optional<Candidate> jsonCandidate(ObjectNode object) {
        if (object.get("Records") != null && object.get("Records").isArray()
                || object.get("Events") != null && object.get("Events").isArray()
                || object.has("eventVersion") && object.has("eventSource") && object.has("eventName")
                || object.has("eventTime") && object.has("eventSource") && object.has("eventName")) {
            return Optional.of(new Candidate(LogFormat.CLOUDTRAIL, null, null, null));
        }
        if (object.has("ts") && (object.has("uid") || object.has("id.orig_h") || object.has("id"))) {
            ZeekRecord record = new ZeekRecord.Json(object);
            String path = record.path();
            Optional<ZeekLog> log = path != null ? ZeekLog.fromPath(path) : ZeekParser.inferLog(record);
            return Optional.of(log.map(l -> new Candidate(LogFormat.ZEEK_JSON, l, null, null))
                    .orElseGet(() -> new Candidate(LogFormat.ZEEK_JSON, null, null,
                            "Zeek JSON of a log breachwatch does not read (it reads conn, ssh, http)")));
        }
        Set<String> keys = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        if (keys.contains("event_id") && keys.contains("timestamp")) {
            List<EventType> types = CANONICAL_FIELDS.entrySet().stream()
                    .filter(entry -> entry.getValue().containsAll(keys))
                    .map(Map.Entry::getKey)
                    .toList();
            if (types.size() == 1) {
                return Optional.of(new Candidate(LogFormat.CANONICAL_JSONL, null, types.get(0), null));
            }
            if (types.size() > 1) {
                return Optional.of(new Candidate(LogFormat.CANONICAL_JSONL, null, null,
                        "canonical events without a field that tells their type"));
            }
        }
        return Optional.empty();
    }

    /**
     * Zeek JSON lines of several logs (a pipeline's single stream, records naming their {@code _path}) are one
     * stream the parser sorts out record by record, ignoring the logs it does not read, as long as one is read.
     */
    private static Map<Candidate, Integer> mergeZeekLogs(Map<Candidate, Integer> votes) {
        List<Candidate> zeek = votes.keySet().stream()
                .filter(c -> c.format() == LogFormat.ZEEK_JSON)
                .toList();
        if (zeek.size() < 2 || zeek.stream().allMatch(c -> c.zeekLog() == null)) {
            return votes;
        }
        Map<Candidate, Integer> merged = new LinkedHashMap<>();
        Candidate mixed = new Candidate(LogFormat.ZEEK_JSON, null, null, null);
        votes.forEach((candidate, count) -> merged.merge(zeek.contains(candidate) ? mixed : candidate, count,
                Integer::sum));
        return merged;
    }

    /**
     * Canonical events of several types (the three input topics dumped into one file) are one mixed stream: the
     * parser tells each line's type by its fields. Detection then names no single event type.
     */
    private static Map<Candidate, Integer> mergeCanonicalTypes(Map<Candidate, Integer> votes) {
        List<Candidate> typed = votes.keySet().stream()
                .filter(c -> c.format() == LogFormat.CANONICAL_JSONL && c.eventType() != null)
                .toList();
        if (typed.size() < 2) {
            return votes;
        }
        Map<Candidate, Integer> merged = new LinkedHashMap<>();
        Candidate mixed = new Candidate(LogFormat.CANONICAL_JSONL, null, null, null);
        votes.forEach((candidate, count) -> merged.merge(typed.contains(candidate) ? mixed : candidate, count,
                Integer::sum));
        return merged;
    }

    private static Detection decide(String sourceName, Map<Candidate, Integer> votes, int sampled) {
        if (votes.isEmpty()) {
            return unknown(sourceName, "none of its first " + sampled + " non-blank lines looks like a known format");
        }
        if (votes.size() > 1) {
            return new Detection(Outcome.AMBIGUOUS, null, null, null, sourceName + ": its first " + sampled
                    + " non-blank lines fit several formats (" + votes.entrySet().stream()
                    .map(e -> e.getKey().label() + ": " + e.getValue() + " lines")
                    .collect(Collectors.joining(", ")) + "); " + askForFormat());
        }
        Map.Entry<Candidate, Integer> only = votes.entrySet().iterator().next();
        Candidate candidate = only.getKey();
        int count = only.getValue();
        if (candidate.note() != null) {
            return unknown(sourceName, "its lines are " + candidate.note());
        }
        // Most lines must agree: one syslog-looking line in a page of something else is not a syslog file.
        if (count * 2 < sampled) {
            return unknown(sourceName, "only " + count + " of its first " + sampled + " non-blank lines look like "
                    + candidate.label());
        }
        String what = candidate.format() == LogFormat.ZEEK_JSON && candidate.zeekLog() == null
                ? LogFormat.ZEEK_JSON.id() + " (records of several logs)"
                : candidate.format() == LogFormat.CANONICAL_JSONL && candidate.eventType() == null
                ? LogFormat.CANONICAL_JSONL.id() + " (events of several types)" : candidate.label();
        return new Detection(Outcome.DETECTED, candidate.format(), candidate.zeekLog(), candidate.eventType(),
                sourceName + ": " + what + ", from " + count + " of its first " + sampled + " non-blank lines");
    }

    private static Detection unknown(String sourceName, String why) {
        return new Detection(Outcome.UNKNOWN, null, null, null,
                "cannot tell the format of " + sourceName + ": " + why + "; " + askForFormat());
    }

    private static String askForFormat() {
        return "pass --format with one of: " + LogFormat.ids();
    }

    /** The JSON field names of each canonical event, from the records' components (the serdes use snake_case). */
    private static Map<EventType, Set<String>> canonicalFields() {
        Map<EventType, Set<String>> fields = new EnumMap<>(EventType.class);
        fields.put(EventType.AUTH, snakeCaseComponents(AuthEvent.class));
        fields.put(EventType.API, snakeCaseComponents(ApiCallEvent.class));
        fields.put(EventType.NET, snakeCaseComponents(NetworkEvent.class));
        return fields;
    }

    private static Set<String> snakeCaseComponents(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(component -> component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }
}
