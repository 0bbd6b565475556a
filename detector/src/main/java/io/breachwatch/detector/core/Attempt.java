package io.breachwatch.detector.core;

/**
 * One failed login kept in a source's activity log: just what the rules and the alert evidence need, not the
 * whole event (state size is per entity, and entities number in the millions under attack).
 *
 * @param time    event time, epoch millis
 * @param user    account tried (may be null)
 * @param eventId producer's event id, for evidence
 */
public record Attempt(long time, String user, String eventId) {
}
