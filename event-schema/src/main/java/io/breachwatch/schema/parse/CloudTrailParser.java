package io.breachwatch.schema.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.InvalidEventException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads AWS CloudTrail into {@link ApiCallEvent}s, one per record, whatever the layout: an S3 delivery object
 * ({@code {"Records":[…]}}, one line, as CloudTrail writes it), several of them concatenated ({@code zcat *.gz}),
 * one event object per line (CloudWatch Logs exports, {@code jq -c '.Records[]'}), a top-level array of events,
 * {@code aws cloudtrail lookup-events} output ({@code {"Events":[{"CloudTrailEvent":"…"}]}}), and any of these
 * pretty-printed over many lines. Gzip is the file reader's business ({@link LogReader}).
 *
 * <p><b>Documents through a line interface.</b> The parser stays a {@link LogParser}, so that the replay reads
 * every format the same way: a document that is not complete at the end of its line is collected
 * ({@link ParseResult.Status#PENDING}, {@link ParseReason#INCOMPLETE_DOCUMENT}) until the line that completes it,
 * which gets the result and all the document's events. {@link JsonFraming} finds the end without parsing. Only
 * lines that end outside a string are collected (JSON strings hold no raw line break), and once a stream has had
 * one-line values nothing more is collected, so one truncated line of a JSON-lines file is one unparseable line,
 * not the silent end of the file. A whole document can also be passed as one "line", line breaks included.
 * Documents are limited to {@link #DEFAULT_MAX_DOCUMENT_CHARS} characters (S3 objects are a few MiB); the line that
 * overflows and the rest of that document are {@link ParseReason#TOO_LARGE}. At {@link #finish()} the complete
 * records of a document cut short (a truncated download) are still released.
 *
 * <p><b>Accounting.</b> A line carries many records, but a {@link ParseResult} has one status: when some records of
 * a document are unreadable, the line is unparseable (reason of the first, message "k of n records unreadable,
 * first: record i …"), and the events of its readable records are released with it; one bad record does not cost
 * a hundred good ones, nor go uncounted.
 *
 * <p><b>Mapping</b> ({@link CloudTrailRecords}): event id = {@code eventID} (else {@code <source>:<line>#<k>});
 * timestamp = {@code eventTime}; client id = the principal, {@code role/session} for assumed roles, else
 * {@code userName}, {@code accessKeyId}, {@code principalId}, {@code invokedBy}, else {@code unknown}; client type
 * null (CloudTrail cannot tell first from third party); source = {@code sourceIPAddress}, which may be an AWS
 * service name or {@code AWS Internal}; method = {@code eventName}; operation = {@code eventSource:eventName}
 * ({@code secretsmanager.amazonaws.com:GetSecretValue}); status from {@code errorCode} (403, 429, 404, 500, else
 * 400; 200 without); no byte or record counts. Records are released in input order, which CloudTrail does not keep
 * sorted within or across files: the replay must order by event time or rely on the windows' grace.
 */
public final class CloudTrailParser implements LogParser {
    /** Largest document collected or read; also {@link LogReader}'s default line limit. */
    public static final int DEFAULT_MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;

    // requestParameters of real calls nest about ten levels (RunInstances, PutBucketPolicy).
    private static final int MAX_NESTING = 64;
    // A policy document or user data inside a record can be large, but not larger than this.
    private static final int MAX_STRING_CHARS = 4 * 1024 * 1024;

    private final EventIds ids;
    private final int maxDocumentChars;
    private final ObjectMapper json = LogJson.streamingMapper(MAX_STRING_CHARS, MAX_NESTING);
    private final JsonFraming framing = new JsonFraming();
    private StringBuilder document;
    private long documentStart;
    private boolean discarding;
    private boolean sawOneLineValue;

    public CloudTrailParser(String sourceName) {
        this(sourceName, DEFAULT_MAX_DOCUMENT_CHARS);
    }

    /**
     * @param sourceName       names the input in fallback event ids, e.g. the object key or file name
     * @param maxDocumentChars largest line or multi-line document read
     */
    public CloudTrailParser(String sourceName, int maxDocumentChars) {
        if (maxDocumentChars < 1) {
            throw new IllegalArgumentException("maxDocumentChars must be positive");
        }
        this.ids = new EventIds(sourceName);
        this.maxDocumentChars = maxDocumentChars;
    }

    @Override
    public ParseResult parse(String line, long lineNumber) {
        try {
            return parseLine(line, lineNumber);
        } catch (UnparseableLineException e) {
            return ParseResult.unparseable(e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            // Defensive: a parser bug must cost one line (and the document it was in), not the stream.
            document = null;
            discarding = false;
            framing.reset();
            return ParseResult.unparseable(ParseReason.PARSER_ERROR, "parser error: " + e.getClass().getSimpleName());
        }
    }

    /** The complete records of a document still being collected (cut short), in document order. */
    @Override
    public List<CanonicalEvent> finish() {
        StringBuilder rest = document;
        long start = documentStart;
        document = null;
        discarding = false;
        framing.reset();
        if (rest == null) {
            return List.of();
        }
        return List.copyOf(read(rest.toString(), start).events);
    }

    private ParseResult parseLine(String line, long lineNumber) {
        String text = line == null ? "" : LineText.withoutTerminator(line);
        if (document != null || discarding) {
            return continueDocument(text, lineNumber);
        }
        if (text.length() > maxDocumentChars) {
            throw new UnparseableLineException(ParseReason.TOO_LARGE,
                    "line is longer than the " + maxDocumentChars + "-character document limit");
        }
        text = LineText.withoutByteOrderMark(text);
        if (text.isBlank()) {
            return ParseResult.ignored(ParseReason.BLANK_LINE);
        }
        framing.reset();
        framing.feed(text);
        if (framing.complete()) {
            sawOneLineValue = true;
            return result(read(text, lineNumber));
        }
        if (framing.insideString()) {
            throw new UnparseableLineException(ParseReason.MALFORMED_JSON, "a JSON string runs past the line end");
        }
        if (sawOneLineValue) {
            throw new UnparseableLineException(ParseReason.MALFORMED_JSON, "JSON value incomplete at the line end");
        }
        document = new StringBuilder(text);
        documentStart = lineNumber;
        return ParseResult.pending(ParseReason.INCOMPLETE_DOCUMENT, List.of());
    }

    private ParseResult continueDocument(String text, long lineNumber) {
        if (!discarding && document.length() + 1L + text.length() > maxDocumentChars) {
            document = null;
            discarding = true;
        }
        framing.feed("\n");
        framing.feed(text);
        if (discarding) {
            if (framing.complete() || framing.insideString()) {
                discarding = false;
                framing.reset();
            }
            throw new UnparseableLineException(ParseReason.TOO_LARGE,
                    "part of a document longer than " + maxDocumentChars + " characters");
        }
        document.append('\n').append(text);
        if (framing.insideString()) {
            document = null;
            framing.reset();
            throw new UnparseableLineException(ParseReason.MALFORMED_JSON,
                    "a JSON string runs past the line end; the document begun at line " + documentStart
                            + " is dropped");
        }
        if (!framing.complete()) {
            return ParseResult.pending(ParseReason.INCOMPLETE_DOCUMENT, List.of());
        }
        String complete = document.toString();
        document = null;
        return result(read(complete, documentStart));
    }

    private static ParseResult result(Unit unit) {
        if (unit.fatalReason != null) {
            return ParseResult.unparseable(unit.fatalReason, unit.fatalMessage
                    + (unit.records == 0 ? "" : "; " + unit.records + " records read before it"), unit.events);
        }
        if (unit.failures > 0) {
            return ParseResult.unparseable(unit.firstFailureReason, unit.failures + " of " + unit.records
                    + " records unreadable, first: " + unit.firstFailureMessage, unit.events);
        }
        if (unit.records == 0) {
            return ParseResult.ignored(ParseReason.NO_RECORDS);
        }
        return ParseResult.events(unit.events);
    }

    /** Reads every record of one complete text (one or more JSON values). */
    private Unit read(String text, long lineNumber) {
        Unit unit = new Unit(lineNumber);
        try (JsonParser parser = json.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT) {
                    readRootObject(parser, unit);
                } else if (token == JsonToken.START_ARRAY) {
                    readRecords(parser, unit);
                } else {
                    unit.fatal(ParseReason.MALFORMED_JSON, "top-level JSON value is not an object or array");
                    break;
                }
            }
        } catch (StreamConstraintsException e) {
            unit.fatal(ParseReason.TOO_LARGE, "JSON exceeds a string, number or nesting limit");
        } catch (IOException e) {
            // Jackson's own message quotes the input, so only the position is reported.
            unit.fatal(ParseReason.MALFORMED_JSON, "malformed JSON" + position(e, lineNumber));
        }
        unit.fixSingleFallbackId();
        return unit;
    }

    /**
     * A root object is a delivery document ({@code Records}), {@code lookup-events} output ({@code Events}), a
     * digest file (no records), or else one event. Other members are kept only until one of the arrays shows up.
     */
    private void readRootObject(JsonParser parser, Unit unit) throws IOException {
        ObjectNode single = json.createObjectNode();
        boolean container = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_ARRAY && (name.equals("Records") || name.equals("Events"))) {
                container = true;
                readRecords(parser, unit);
            } else if (container) {
                parser.skipChildren();
            } else {
                single.set(name, parser.readValueAsTree());
            }
        }
        if (!container && !single.has("digestStartTime")) {
            unit.record(single);
        }
    }

    private void readRecords(JsonParser parser, Unit unit) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                unit.failure(ParseReason.MALFORMED_JSON, "is not a JSON object");
                continue;
            }
            JsonNode record = parser.readValueAsTree();
            JsonNode embedded = record.get("CloudTrailEvent");
            if (embedded != null && embedded.isTextual() && !record.has("eventTime")) {
                record = embedded(embedded.textValue(), unit);
                if (record == null) {
                    continue;
                }
            }
            unit.record(record);
        }
    }

    /** lookup-events carries each record as a JSON string. */
    private JsonNode embedded(String text, Unit unit) {
        try (JsonParser parser = json.createParser(text)) {
            JsonNode record = parser.nextToken() == JsonToken.START_OBJECT ? parser.readValueAsTree() : null;
            if (parser.nextToken() != null) {
                record = null;
            }
            if (record != null && record.isObject()) {
                return record;
            }
        } catch (IOException e) {
            // reported below
        }
        unit.failure(ParseReason.MALFORMED_JSON, "CloudTrailEvent is not a JSON object");
        return null;
    }

    private static String position(IOException e, long firstLine) {
        JsonLocation location = e instanceof com.fasterxml.jackson.core.JacksonException je ? je.getLocation() : null;
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + (firstLine + location.getLineNr() - 1) + " column " + location.getColumnNr();
    }

    /** What one complete text held: its events, and the records that could not be read. */
    private final class Unit {
        final long lineNumber;
        final List<CanonicalEvent> events = new ArrayList<>();
        int records;
        int failures;
        boolean onlyRecordLacksId;
        String firstFailureReason;
        String firstFailureMessage;
        String fatalReason;
        String fatalMessage;

        Unit(long lineNumber) {
            this.lineNumber = lineNumber;
        }

        void record(JsonNode record) {
            records++;
            try {
                ApiCallEvent event = CloudTrailRecords.toEvent(record, ids.of(lineNumber) + "#" + records);
                onlyRecordLacksId = records == 1 && CloudTrailRecords.text(record, "eventID") == null;
                events.add(event);
            } catch (InvalidEventException e) {
                countFailure(ParseReason.INVALID_FIELD, e.getMessage());
            } catch (UnparseableLineException e) {
                countFailure(e.reason(), e.getMessage());
            }
        }

        void failure(String reason, String message) {
            records++;
            countFailure(reason, message);
        }

        private void countFailure(String reason, String message) {
            failures++;
            if (firstFailureReason == null) {
                firstFailureReason = reason;
                firstFailureMessage = "record " + records + ": " + message;
            }
        }

        void fatal(String reason, String message) {
            fatalReason = reason;
            fatalMessage = message;
        }

        /** A lone record without eventID is the line's only event: {@code <source>:<line>}, no {@code #1}. */
        void fixSingleFallbackId() {
            if (records == 1 && events.size() == 1 && onlyRecordLacksId) {
                ApiCallEvent event = (ApiCallEvent) events.get(0);
                events.set(0, new ApiCallEvent(ids.of(lineNumber), event.timestamp(), event.clientId(),
                        event.clientType(), event.sourceIp(), event.method(), event.operation(), event.status(),
                        event.responseBytes(), event.records(), event.customerId()));
            }
        }
    }
}
