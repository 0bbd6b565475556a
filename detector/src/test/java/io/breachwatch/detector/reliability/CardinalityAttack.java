package io.breachwatch.detector.reliability;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.LongFunction;

/**
 * Hostile-cardinality traffic (issue 7, item 6), generated lazily in event-time order so that a million distinct
 * identities cost the test no memory of its own. Every stream is evenly paced, so how many distinct identities were
 * active in any span follows from arithmetic, which is what the tests' state budgets are computed from.
 *
 * <pre>
 * T0 ─── 40 min warm-up ──► ATTACK_START ─────────────────────────────────────────────────────► end
 * background: staff logins (failures during warm-up, then successes), three vendors' API calls   (to end)
 * logins:     {distinctLogins} failures, each from its own address for its own user   (over loginSpan)
 * sprayers:   {sprayers} sources, each failing once against {sprayTargets} of those users (from +1 min)
 * api keys:   {apiClients} calls, each with its own third-party client id, 401, one source (over apiSpan)
 * </pre>
 *
 * The warm-up gives the platform failure baseline its 30 minutes of history (2 failures a minute), so the
 * distributed attack is judged against a learned baseline, as it would be in production.
 *
 * @param distinctLogins  failed logins, each with a distinct user name and a distinct source address
 * @param loginSpan       over how long the distributed logins are spread
 * @param sprayers        sources each spraying the first users of the distributed attack
 * @param sprayTargets    failures (one per distinct user) per sprayer
 * @param sprayStep       time between one sprayer's failures
 * @param apiClients      API calls, each with a distinct client id
 * @param apiSpan         over how long the API calls are spread
 * @param end             when the background traffic stops
 */
public record CardinalityAttack(int distinctLogins, Duration loginSpan, int sprayers, int sprayTargets,
                                Duration sprayStep, int apiClients, Duration apiSpan, Instant end) {

    public static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    public static final Instant ATTACK_START = T0.plus(Duration.ofMinutes(40));
    public static final Instant SPRAY_START = ATTACK_START.plus(Duration.ofMinutes(1));
    /** Staff accounts and addresses of the background traffic. */
    public static final int STAFF = 20;
    public static final int VENDORS = 3;
    public static final String KEY_SPRAYER = "198.51.100.66";
    static final Duration WARM_UP_STEP = Duration.ofSeconds(30);
    static final Duration STAFF_LOGIN_STEP = Duration.ofMinutes(5);
    static final Duration VENDOR_CALL_STEP = Duration.ofMinutes(10);

    /** The i-th distributed attacker address: distinct for i below 2^24 (10.0.0.0/8). */
    public static String attackerIp(long i) {
        return "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    /** The i-th targeted user: plain names and e-mail addresses, as identity providers log them. */
    public static String targetUser(long i) {
        return i % 2 == 0 ? "user" + i : "user" + i + "@example.com";
    }

    public static String apiClient(long i) {
        return "ak_live_" + Long.toString(i, 36);
    }

    public static String sprayerIp(int k) {
        return "203.0.113." + (k + 1);
    }

    public static String staffIp(long k) {
        return "192.0.2." + (k + 1);
    }

    public static String staffUser(long k) {
        return "staff" + k;
    }

    public static String vendor(long k) {
        return "vendor-" + k;
    }

    public static String vendorIp(long k) {
        return "198.51.100." + (k + 10);
    }

    /** The whole traffic, in event-time order (ties in a fixed stream order). */
    public Events events() {
        Events events = new Events();
        long warmUps = Duration.between(T0, ATTACK_START).dividedBy(WARM_UP_STEP);
        // Each staff address fails once every 10 minutes: far below every per-source and per-user rule.
        events.add(warmUps, i -> login(T0.plus(WARM_UP_STEP.multipliedBy(i)), "w" + i,
                staffUser(i % STAFF), staffIp(i % STAFF), AuthOutcome.FAILURE));
        Instant firstLogin = ATTACK_START.plus(STAFF_LOGIN_STEP);
        events.add(count(firstLogin, STAFF_LOGIN_STEP),
                i -> login(firstLogin.plus(STAFF_LOGIN_STEP.multipliedBy(i)), "s" + i, staffUser(i % STAFF),
                        staffIp(i % STAFF), AuthOutcome.SUCCESS));
        events.add(VENDORS * count(T0, VENDOR_CALL_STEP), i -> {
            long k = i % VENDORS;
            return new ApiCallEvent("v" + i, T0.plus(VENDOR_CALL_STEP.multipliedBy(i / VENDORS)), vendor(k),
                    "third_party", vendorIp(k), "GET", "GET /orders/{id}", 200, 2_048L, 1L, "c" + (i % 50));
        });
        events.add(distinctLogins, i -> login(spread(ATTACK_START, loginSpan, i, distinctLogins), "a" + i,
                targetUser(i), attackerIp(i), AuthOutcome.FAILURE));
        for (int k = 0; k < sprayers; k++) {
            int sprayer = k;
            // Offset by a fraction of a step so that sprayers interleave instead of colliding on one instant.
            Instant start = SPRAY_START.plus(sprayStep.multipliedBy(k).dividedBy(sprayers));
            events.add(sprayTargets, j -> login(start.plus(sprayStep.multipliedBy(j)),
                    "p" + sprayer + "-" + j, targetUser(j), sprayerIp(sprayer), AuthOutcome.FAILURE));
        }
        events.add(apiClients, i -> new ApiCallEvent("k" + i, spread(ATTACK_START, apiSpan, i, apiClients),
                apiClient(i), "third_party", KEY_SPRAYER, "GET", "GET /orders/{id}", 401, 0L, null, null));
        return events;
    }

    /** The i-th of {@code count} instants evenly spread over {@code span} from {@code start}. */
    private static Instant spread(Instant start, Duration span, long i, long count) {
        // Plain long arithmetic: Duration.dividedBy goes through BigDecimal, a visible cost at two million events.
        return Instant.ofEpochMilli(start.toEpochMilli() + span.toMillis() * i / count);
    }

    private long count(Instant start, Duration step) {
        return end.isAfter(start) ? Duration.between(start, end).dividedBy(step) : 0;
    }

    private static AuthEvent login(Instant time, String id, String user, String ip, AuthOutcome outcome) {
        return new AuthEvent(id, time, user, ip, outcome, "password",
                outcome == AuthOutcome.FAILURE ? "bad_password" : null, "web", null);
    }

    /** Several evenly paced streams merged by event time. */
    public static final class Events implements Iterator<CanonicalEvent> {
        private final PriorityQueue<Paced> queue = new PriorityQueue<>(
                Comparator.comparing((Paced p) -> p.current.timestamp()).thenComparingInt(p -> p.order));
        private int streams;

        private static final class Paced {
            final int order;
            final long count;
            final LongFunction<CanonicalEvent> event;
            long index;
            CanonicalEvent current;

            Paced(int order, long count, LongFunction<CanonicalEvent> event) {
                this.order = order;
                this.count = count;
                this.event = event;
                this.current = event.apply(0);
            }
        }

        void add(long count, LongFunction<CanonicalEvent> event) {
            if (count > 0) {
                queue.add(new Paced(streams++, count, event));
            }
        }

        @Override
        public boolean hasNext() {
            return !queue.isEmpty();
        }

        /** Event time of the next event; only when {@link #hasNext()}. */
        public Instant peekTime() {
            if (queue.isEmpty()) {
                throw new NoSuchElementException();
            }
            return queue.peek().current.timestamp();
        }

        /** Whether there is a next event before {@code time}. */
        public boolean hasNextBefore(Instant time) {
            return !queue.isEmpty() && queue.peek().current.timestamp().isBefore(time);
        }

        @Override
        public CanonicalEvent next() {
            Paced head = queue.poll();
            if (head == null) {
                throw new NoSuchElementException();
            }
            CanonicalEvent out = head.current;
            if (++head.index < head.count) {
                head.current = head.event.apply(head.index);
                queue.add(head);
            }
            return out;
        }
    }
}
