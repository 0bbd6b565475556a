package io.breachwatch.schema.fuzz;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.DeadLetter;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.Severity;
import io.breachwatch.schema.json.Rfc3339;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Arbitrary records that their constructors accept: every string field of any Unicode (controls, bidi, lone
 * surrogates, astral characters) up to its limit, numbers over their whole range, instants from year 0000 to 9999
 * with nanoseconds, optional fields present or absent. What the serdes must carry through unchanged.
 */
public final class ValidRecords {
    private ValidRecords() {
    }

    /** Non-blank text of 1..maxCodePoints code points (lengths favour both ends). */
    public static String text(Random r, int maxCodePoints) {
        int length = Math.max(1, Hostile.length(r, maxCodePoints));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            String piece = Hostile.text(r, 1);
            text.append(piece.isEmpty() ? "x" : piece.substring(0, Character.charCount(piece.codePointAt(0))));
        }
        // A lone high surrogate followed by a low one would pair up and count one code point fewer; harmless here.
        if (text.toString().isBlank()) {
            text.setCharAt(0, 'x');
        }
        return text.toString();
    }

    public static String optional(Random r, int maxCodePoints) {
        return r.nextInt(4) == 0 ? null : text(r, maxCodePoints);
    }

    public static Instant instant(Random r) {
        long seconds = Rfc3339.MIN.getEpochSecond() + 1
                + Math.floorMod(r.nextLong(), Rfc3339.MAX.getEpochSecond() - Rfc3339.MIN.getEpochSecond() - 1);
        int nanos = switch (r.nextInt(3)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            default -> r.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static Integer port(Random r) {
        return r.nextInt(4) == 0 ? null : new int[] {0, 65535, r.nextInt(65536)}[r.nextInt(3)];
    }

    private static Long count(Random r) {
        return r.nextInt(4) == 0 ? null : new long[] {0, Long.MAX_VALUE, r.nextLong() & Long.MAX_VALUE}[r.nextInt(3)];
    }

    public static AuthEvent auth(Random r) {
        return new AuthEvent(text(r, 128), instant(r), optional(r, 256), text(r, 255),
                r.nextBoolean() ? AuthOutcome.FAILURE : AuthOutcome.SUCCESS, optional(r, 64), optional(r, 64),
                optional(r, 64), optional(r, 255));
    }

    public static ApiCallEvent api(Random r) {
        return new ApiCallEvent(text(r, 128), instant(r), text(r, 256), optional(r, 32), text(r, 255), text(r, 64),
                text(r, 1024), 100 + r.nextInt(500), count(r), count(r), optional(r, 128));
    }

    public static NetworkEvent net(Random r) {
        return new NetworkEvent(text(r, 128), instant(r), text(r, 255), port(r), text(r, 255), port(r), text(r, 16),
                count(r), count(r), optional(r, 16));
    }

    private static double number(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> -0.0;
            case 2 -> Double.MAX_VALUE;
            case 3 -> r.nextInt(1000);
            default -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
        };
    }

    public static Entity entity(Random r) {
        return new Entity(text(r, 32), text(r, 256));
    }

    public static Alert alert(Random r) {
        List<String> attack = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            attack.add(text(r, Alert.ATTACK_ID_MAX));
        }
        List<String> ids = new ArrayList<>();
        for (int i = r.nextInt(6); i > 0; i--) {
            ids.add(text(r, 128));
        }
        Map<String, Long> breakdown = new LinkedHashMap<>();
        for (int i = r.nextInt(11); i > 0; i--) {
            breakdown.put(text(r, 256), r.nextInt(3) == 0 ? Long.MAX_VALUE : r.nextInt(1000));
        }
        Alert.Evidence evidence = r.nextInt(5) == 0 ? null : new Alert.Evidence(ids, breakdown);
        return new Alert(text(r, 128), text(r, 128), text(r, 256), severity(r), attack, entity(r), instant(r),
                instant(r), number(r), number(r), instant(r), instant(r), instant(r), text(r, 1024), evidence);
    }

    private static Severity severity(Random r) {
        return Severity.values()[r.nextInt(Severity.values().length)];
    }

    public static Incident incident(Random r) {
        List<EventType> families = new ArrayList<>(List.of(EventType.values()));
        java.util.Collections.shuffle(families, r);
        families = families.subList(0, 2 + r.nextInt(2));
        return new Incident(text(r, 128), text(r, 256), severity(r), families, distinct(r, 128), distinct(r, 128),
                distinctEntities(r), instant(r), instant(r), instant(r), text(r, 1024));
    }

    private static List<String> distinct(Random r, int max) {
        Set<String> items = new LinkedHashSet<>();
        int n = 1 + (r.nextInt(10) == 0 ? r.nextInt(Incident.MAX_ALERTS) : r.nextInt(5));
        while (items.size() < n) {
            items.add(text(r, max));
        }
        return List.copyOf(items);
    }

    private static List<Entity> distinctEntities(Random r) {
        Set<Entity> items = new LinkedHashSet<>();
        int n = 1 + r.nextInt(5);
        while (items.size() < n) {
            items.add(entity(r));
        }
        return List.copyOf(items);
    }

    public static DeadLetter deadLetter(Random r) {
        String payload = r.nextInt(5) == 0 ? null
                : r.nextInt(10) == 0 ? "" : text(r, r.nextInt(10) == 0 ? DeadLetter.MAX_PAYLOAD_CHARS : 300);
        return new DeadLetter(DeadLetterReason.ALL.get(r.nextInt(DeadLetterReason.ALL.size())), text(r, 1024),
                optional(r, 256), optional(r, 1024), -1 + r.nextInt(100), r.nextInt(3) == 0 ? Long.MAX_VALUE
                : r.nextInt(1000) - 1, r.nextBoolean() ? null : instant(r), instant(r), r.nextInt(Integer.MAX_VALUE),
                payload, r.nextBoolean());
    }
}
