package io.breachwatch.schema.parse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Gives a year to BSD syslog timestamps, which have none. The first line is in the configured year; after that each
 * line takes the year that puts it nearest to the line before, so {@code Dec 31 → Jan 1} moves to the next year
 * while a line written a little out of order across a month boundary ({@code Jul 1 → Jun 30}) or across the new
 * year ({@code Jan 1 → Dec 31}) stays where it belongs. Incrementing on every backwards month instead would push
 * every later event a year into the future on the first out-of-order line, where it would be dead-lettered or, worse,
 * advance stream time past every real event.
 */
final class SyslogClock {
    // Half a year: a month step larger than this is read as crossing the new year, not as going back in time.
    private static final int HALF_YEAR = 6;

    private final ZoneId zone;
    private int year;
    private int lastMonth;

    SyslogClock(int year, ZoneId zone) {
        this.year = year;
        this.zone = zone;
    }

    /** @throws UnparseableLineException when the date or time does not exist in the inferred year */
    Instant resolve(int month, int day, int hour, int minute, int second) {
        int inferred = year;
        if (lastMonth != 0) {
            int step = month - lastMonth;
            if (step <= -HALF_YEAR) {
                inferred++;
            } else if (step > HALF_YEAR) {
                inferred--;
            }
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(inferred, month, day, hour, minute, second);
        } catch (DateTimeException e) {
            throw new UnparseableLineException(ParseReason.INVALID_TIMESTAMP,
                    "syslog timestamp is not a valid date or time in " + inferred);
        }
        year = inferred;
        lastMonth = month;
        // In a daylight-saving overlap the earlier offset is used; syslog gives nothing better to go on.
        return local.atZone(zone).toInstant();
    }
}
