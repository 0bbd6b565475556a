package io.breachwatch.schema.parse;

import io.breachwatch.schema.CanonicalEvent;
import java.util.List;
import java.util.Objects;

/**
 * What one input line turned out to be, and the events that are ready after reading it. The two are separate
 * because a parser that folds lines releases events late: a line that ends an SSH session may be
 * {@link Status#IGNORED} itself and still complete an event held for an earlier line of that session. Every line
 * gets exactly one status, every event is released exactly once, so lines and events can both be counted.
 *
 * @param status  what the line itself is
 * @param reason  a {@link ParseReason} code belonging to {@code status}; null for {@link Status#EVENT}
 * @param message for {@link Status#UNPARSEABLE}, a readable explanation that never quotes the line; otherwise null
 * @param events  the events ready now, oldest line first: those of earlier lines this line completed, then its own
 */
public record ParseResult(Status status, String reason, String message, List<CanonicalEvent> events) {

    /** What a line is, independent of which events it released. */
    public enum Status {
        /** The line is (or, for a repeat line, stands for) one or more events, all included in the result. */
        EVENT,
        /** The line is held by the parser; a later line or {@link LogParser#finish()} releases or drops it. */
        PENDING,
        /** Recognised; carries no event. */
        IGNORED,
        /** Not readable; counted by reason and dead-lettered. */
        UNPARSEABLE
    }

    public ParseResult {
        Objects.requireNonNull(status, "status");
        events = List.copyOf(events);
        if (status == Status.EVENT) {
            if (reason != null || events.isEmpty()) {
                throw new IllegalArgumentException("an event line has events and no reason");
            }
        } else if (!reasonsOf(status).contains(reason)) {
            throw new IllegalArgumentException("reason " + reason + " is not a " + status + " reason");
        }
        if ((message != null) != (status == Status.UNPARSEABLE)) {
            throw new IllegalArgumentException("only an unparseable line has a message");
        }
    }

    public static ParseResult events(List<? extends CanonicalEvent> events) {
        return new ParseResult(Status.EVENT, null, null, List.copyOf(events));
    }

    public static ParseResult ignored(String reason) {
        return ignored(reason, List.of());
    }

    /** @param completed events of earlier lines that this line released */
    public static ParseResult ignored(String reason, List<? extends CanonicalEvent> completed) {
        return new ParseResult(Status.IGNORED, reason, null, List.copyOf(completed));
    }

    /** @param completed events of earlier lines that holding this line released (eviction) */
    public static ParseResult pending(String reason, List<? extends CanonicalEvent> completed) {
        return new ParseResult(Status.PENDING, reason, null, List.copyOf(completed));
    }

    public static ParseResult unparseable(String reason, String message) {
        return unparseable(reason, message, List.of());
    }

    /**
     * A line that is partly unreadable, such as a CloudTrail document with one broken record among a hundred: the
     * line is counted (and dead-lettered) as unparseable, and the events of its readable parts are still released.
     *
     * @param readable events of the line's readable parts, and of earlier lines it released
     */
    public static ParseResult unparseable(String reason, String message, List<? extends CanonicalEvent> readable) {
        return new ParseResult(Status.UNPARSEABLE, reason, Objects.requireNonNull(message, "message"),
                List.copyOf(readable));
    }

    private static List<String> reasonsOf(Status status) {
        if (status == Status.PENDING) {
            return ParseReason.PENDING;
        }
        return status == Status.IGNORED ? ParseReason.IGNORED : ParseReason.UNPARSEABLE;
    }
}
