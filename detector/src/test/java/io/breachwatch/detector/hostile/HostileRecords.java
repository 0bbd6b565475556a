package io.breachwatch.detector.hostile;

import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a hostile or broken producer puts on the login topic, one record per kind, each with the dead-letter reason
 * (and field) it must get, plus a real brute force to hide among them. Shared by the topology test and the
 * real-broker test, so both feed the same bytes and expect the same answer.
 */
public final class HostileRecords {
    /** The brute-forcing source: 8 failures against root, 5 s apart (auth.brute_force.source: 8 in 2 min). */
    public static final String ATTACKER = "203.0.113.66";
    public static final int ATTEMPTS = 8;
    /** The largest record, sent as it is: ten MiB of one JSON string. */
    public static final int TEN_MIB = 10 * 1024 * 1024;

    /**
     * One junk record.
     *
     * @param what   what it is, for messages
     * @param value  the record value (null: a tombstone)
     * @param reason the dead-letter reason it must get
     * @param field  the field the dead letter must name, or null
     */
    public record Junk(String what, byte[] value, String reason, String field) {
        @Override
        public String toString() {
            return what;
        }
    }

    private HostileRecords() {
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String event(String id, Instant time, String user) {
        return "{\"event_id\":\"" + id + "\",\"timestamp\":\"" + time + "\",\"user\":" + user
                + ",\"source_ip\":\"198.51.100.99\",\"outcome\":\"failure\"}";
    }

    /** Every kind of junk, with event times relative to the detector's wall clock {@code now}. */
    public static List<Junk> junk(Instant now) {
        Instant recent = now.minus(Duration.ofMinutes(30));
        String valid = event("j-valid", recent, "\"mallory\"");
        byte[] invalidUtf8 = utf8(event("j-utf8", recent, "\"ma#llory\""));
        invalidUtf8[new String(invalidUtf8, StandardCharsets.ISO_8859_1).indexOf('#')] = (byte) 0xC3;
        byte[] overlong = utf8(event("j-overlong", recent, "\"ma##llory\""));
        int at = new String(overlong, StandardCharsets.ISO_8859_1).indexOf("##");
        overlong[at] = (byte) 0xC0;
        overlong[at + 1] = (byte) 0xAF;
        List<Junk> junk = new ArrayList<>(List.of(
                new Junk("malformed JSON", utf8("{\"event_id\": \"j1\", \"timestamp\": "), DeadLetterReason.MALFORMED_JSON,
                        null),
                new Junk("not JSON at all", utf8("GET /login HTTP/1.1\r\nHost: x\r\n\r\n"),
                        DeadLetterReason.MALFORMED_JSON, null),
                new Junk("a valid event truncated mid-string", utf8(valid.substring(0, valid.indexOf("mallory") + 3)),
                        DeadLetterReason.MALFORMED_JSON, null),
                new Junk("an empty value", new byte[0], DeadLetterReason.MALFORMED_JSON, null),
                new Junk("a tombstone", null, DeadLetterReason.MALFORMED_JSON, null),
                new Junk("garbage after the document", utf8(valid + "}{"), DeadLetterReason.MALFORMED_JSON, null),
                new Junk("invalid UTF-8 in a string", invalidUtf8, DeadLetterReason.MALFORMED_JSON, null),
                new Junk("overlong UTF-8 for '/'", overlong, DeadLetterReason.MALFORMED_JSON, null),
                new Junk("a raw line break inside a string", utf8(event("j-lf", recent, "\"mal\nlory\"")),
                        DeadLetterReason.MALFORMED_JSON, null),
                new Junk("duplicate keys", utf8(valid.replace("{", "{\"user\":\"eve\",")),
                        DeadLetterReason.MALFORMED_JSON, null),
                new Junk("NaN", utf8(event("j-nan", recent, "NaN")), DeadLetterReason.MALFORMED_JSON, null),
                new Junk("a number for the outcome", utf8(valid.replace("\"failure\"", "5")),
                        DeadLetterReason.INVALID_FIELD, "outcome"),
                new Junk("epoch millis for the timestamp", utf8(valid.replace("\"" + recent + "\"",
                        Long.toString(recent.toEpochMilli()))), DeadLetterReason.INVALID_FIELD, "timestamp"),
                new Junk("a boolean for the user", utf8(event("j-bool", recent, "true")),
                        DeadLetterReason.INVALID_FIELD, "user"),
                new Junk("an object for the event id", utf8(valid.replace("\"j-valid\"", "{\"id\":1}")),
                        DeadLetterReason.INVALID_FIELD, "event_id"),
                new Junk("no source address", utf8(valid.replace(",\"source_ip\":\"198.51.100.99\"", "")),
                        DeadLetterReason.INVALID_FIELD, "source_ip"),
                new Junk("an unknown field", utf8(valid.replace("{", "{\"is_admin\":true,")),
                        DeadLetterReason.INVALID_FIELD, "is_admin"),
                new Junk("the JSON null document", utf8("null"), DeadLetterReason.INVALID_FIELD, null),
                new Junk("a JSON array document", utf8("[" + valid + "]"), DeadLetterReason.INVALID_FIELD, null),
                new Junk("a year-10000 timestamp", utf8(valid.replace("\"" + recent + "\"",
                        "\"+10000-01-01T00:00:00Z\"")), DeadLetterReason.INVALID_FIELD, "timestamp"),
                new Junk("a 300-character user name", utf8(event("j-300", recent, "\"" + "u".repeat(300) + "\"")),
                        DeadLetterReason.INVALID_FIELD, "user"),
                new Junk("a 10,000-item array for the user (20 KB)", utf8(event("j-arr", recent,
                        "[" + "0,".repeat(9_999) + "0]")), DeadLetterReason.INVALID_FIELD, "user"),
                new Junk("a 40-digit number", utf8(valid.replace("\"j-valid\"", "1" + "0".repeat(39))),
                        DeadLetterReason.TOO_LARGE, null),
                new Junk("a 20,000-character user name (20 KB)", utf8(event("j-20k", recent,
                        "\"" + "u".repeat(20_000) + "\"")), DeadLetterReason.TOO_LARGE, null),
                new Junk("30,000-deep nesting within the size limit (60 KB)", utf8("[".repeat(30_000)
                        + "]".repeat(30_000)), DeadLetterReason.TOO_LARGE, null),
                new Junk("100,000-deep nesting (200 KB)", utf8("[".repeat(100_000) + "]".repeat(100_000)),
                        DeadLetterReason.TOO_LARGE, null),
                new Junk("a 1 MiB user name", utf8(event("j-1m", recent, "\"" + "u".repeat(1024 * 1024) + "\"")),
                        DeadLetterReason.TOO_LARGE, null),
                new Junk("a 1 MiB array", utf8(event("j-arr-1m", recent, "[" + "0,".repeat(512 * 1024) + "0]")),
                        DeadLetterReason.TOO_LARGE, null),
                new Junk("a 10 MiB value", tenMiB(), DeadLetterReason.TOO_LARGE, null),
                new Junk("stamped a day ahead", utf8(event("j-day", now.plus(Duration.ofDays(1)), "\"mallory\"")),
                        DeadLetterReason.TIMESTAMP_FUTURE, "timestamp"),
                new Junk("stamped in year 9999", utf8(event("j-9999", Instant.parse("9999-12-31T23:59:59Z"),
                        "\"mallory\"")), DeadLetterReason.TIMESTAMP_FUTURE, "timestamp"),
                new Junk("stamped 30 days ago", utf8(event("j-old", now.minus(Duration.ofDays(30)), "\"mallory\"")),
                        DeadLetterReason.TIMESTAMP_PAST, "timestamp"),
                new Junk("stamped in 1971", utf8(event("j-1971", Instant.parse("1971-01-01T00:00:00Z"),
                        "\"mallory\"")), DeadLetterReason.TIMESTAMP_PAST, "timestamp"),
                new Junk("stamped in year 0000", utf8(event("j-0000", Instant.parse("0000-01-01T00:00:00Z"),
                        "\"mallory\"")), DeadLetterReason.TIMESTAMP_PAST, "timestamp")));
        return junk;
    }

    /** Ten MiB: the start of a plausible event, then one long string. */
    static byte[] tenMiB() {
        byte[] value = new byte[TEN_MIB];
        byte[] head = utf8("{\"event_id\":\"j-10m\",\"user\":\"");
        java.util.Arrays.fill(value, (byte) 'A');
        System.arraycopy(head, 0, value, 0, head.length);
        value[value.length - 2] = '"';
        value[value.length - 1] = '}';
        return value;
    }

    /** The attack hidden in the junk: {@link #ATTEMPTS} failed logins from {@link #ATTACKER}, 5 s apart. */
    public static List<AuthEvent> bruteForce(Instant start) {
        List<AuthEvent> events = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS; i++) {
            events.add(new AuthEvent("bf-" + i, start.plusSeconds(5L * i), "root", ATTACKER, AuthOutcome.FAILURE,
                    "password", "bad_password", "sshd", "bastion"));
        }
        return events;
    }

    /** The values to send: junk and attack interleaved, the attack's events in their order. */
    public static List<byte[]> interleaved(List<Junk> junk, List<AuthEvent> attack) {
        List<byte[]> values = new ArrayList<>();
        int perGap = (junk.size() + attack.size() - 1) / attack.size();
        int j = 0;
        for (AuthEvent event : attack) {
            for (int k = 0; k < perGap && j < junk.size(); k++) {
                values.add(junk.get(j++).value());
            }
            values.add(EventJson.strict().write(event));
        }
        while (j < junk.size()) {
            values.add(junk.get(j++).value());
        }
        return values;
    }

    /** How many junk records must be dead-lettered for each reason. */
    public static Map<String, Long> expectedPerReason(List<Junk> junk) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String reason : DeadLetterReason.ALL) {
            counts.put(reason, junk.stream().filter(j -> j.reason().equals(reason)).count());
        }
        return counts;
    }
}
