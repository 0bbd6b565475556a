package io.breachwatch.detector.datasets;

import static io.breachwatch.detector.datasets.ReviewedCatalogue.BRUTE_FORCE_ACCOUNT;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.BRUTE_FORCE_SOURCE;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.CREDENTIAL_STUFFING;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.PASSWORD_SPRAY;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.SUCCESS_AFTER_FAILURES;

import io.breachwatch.detector.datasets.DatasetReplay.Raised;
import io.breachwatch.schema.AuthEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The alerts each login rule of the catalogue should raise over a list of auth events, counted from the rules'
 * definitions (docs/rules.md, default-rules.yaml) with the plain loops of {@link DatasetReplay}, not with the
 * engine. The dataset tests compare the engine's alerts with these.
 */
final class AuthReference {
    private AuthReference() {
    }

    /** Everything the six auth rules raise, in replay order. */
    static List<Raised> all(List<AuthEvent> events) {
        List<Raised> all = new ArrayList<>();
        all.addAll(bruteForceBySource(events));
        all.addAll(bruteForceByAccount(events));
        all.addAll(sprays(events));
        all.addAll(stuffing(events));
        all.addAll(successAfterFailures(events));
        all.addAll(failureSurge(events));
        return DatasetReplay.sorted(all);
    }

    static List<Raised> bruteForceBySource(List<AuthEvent> events) {
        return DatasetReplay.slidingWindow(BRUTE_FORCE_SOURCE.id(), failures(events), AuthEvent::sourceIp,
                BRUTE_FORCE_SOURCE.window(), BRUTE_FORCE_SOURCE.suppression(),
                span -> span.size() >= BRUTE_FORCE_SOURCE.atLeast());
    }

    /** Failures naming a user only (an unknown account is no account to guess). */
    static List<Raised> bruteForceByAccount(List<AuthEvent> events) {
        return DatasetReplay.slidingWindow(BRUTE_FORCE_ACCOUNT.id(), failures(events), AuthEvent::user,
                BRUTE_FORCE_ACCOUNT.window(), BRUTE_FORCE_ACCOUNT.suppression(),
                span -> span.size() >= BRUTE_FORCE_ACCOUNT.atLeast());
    }

    static List<Raised> sprays(List<AuthEvent> events) {
        return DatasetReplay.slidingWindow(PASSWORD_SPRAY.id(), failures(events), AuthEvent::sourceIp,
                PASSWORD_SPRAY.window(), PASSWORD_SPRAY.suppression(), distinctUsers(PASSWORD_SPRAY.atLeast(),
                        ReviewedCatalogue.SPRAY_MIN_EVENTS, ReviewedCatalogue.SPRAY_TOP_SHARE));
    }

    static List<Raised> stuffing(List<AuthEvent> events) {
        return DatasetReplay.slidingWindow(CREDENTIAL_STUFFING.id(), failures(events), AuthEvent::sourceIp,
                CREDENTIAL_STUFFING.window(), CREDENTIAL_STUFFING.suppression(),
                distinctUsers(CREDENTIAL_STUFFING.atLeast(), ReviewedCatalogue.STUFFING_MIN_EVENTS,
                        ReviewedCatalogue.STUFFING_TOP_SHARE));
    }

    /** A success from a source with at least 5 failures of that source in the 10 minutes before it. */
    static List<Raised> successAfterFailures(List<AuthEvent> events) {
        Map<String, List<Instant>> failed = new HashMap<>();
        Map<String, Instant> quietUntil = new HashMap<>();
        List<Raised> raised = new ArrayList<>();
        for (AuthEvent event : events) {
            Instant now = event.timestamp();
            if (event.failed()) {
                failed.computeIfAbsent(event.sourceIp(), s -> new ArrayList<>()).add(now);
                continue;
            }
            long before = failed.getOrDefault(event.sourceIp(), List.of()).stream()
                    .filter(t -> !t.isBefore(now.minus(SUCCESS_AFTER_FAILURES.window()))).count();
            Instant quiet = quietUntil.get(event.sourceIp());
            if (before >= SUCCESS_AFTER_FAILURES.atLeast() && (quiet == null || !now.isBefore(quiet))) {
                raised.add(new Raised(SUCCESS_AFTER_FAILURES.id(), event.sourceIp(), now));
                quietUntil.put(event.sourceIp(), now.plus(SUCCESS_AFTER_FAILURES.suppression()));
            }
        }
        return raised;
    }

    static List<Raised> failureSurge(List<AuthEvent> events) {
        return DatasetReplay.baselineCount(ReviewedCatalogue.FAILURE_SURGE, "platform", failures(events),
                ReviewedCatalogue.SURGE_BUCKET, ReviewedCatalogue.SURGE_WARM_UP, ReviewedCatalogue.SURGE_SIGMA,
                ReviewedCatalogue.SURGE_MIN_RATIO, ReviewedCatalogue.SURGE_FLOOR,
                ReviewedCatalogue.SURGE_SUPPRESSION);
    }

    static List<AuthEvent> failures(List<AuthEvent> events) {
        return events.stream().filter(AuthEvent::failed).toList();
    }

    /**
     * At least {@code n} distinct named users and {@code minEvents} failures, with no user holding more than
     * {@code topShare} of the failures (failures without a user count as failures, not as users).
     */
    static Predicate<List<AuthEvent>> distinctUsers(long n, long minEvents, double topShare) {
        return span -> {
            Map<String, Long> perUser = span.stream().filter(e -> e.user() != null)
                    .collect(Collectors.groupingBy(AuthEvent::user, Collectors.counting()));
            long top = perUser.values().stream().mapToLong(Long::longValue).max().orElse(0);
            return span.size() >= minEvents && perUser.size() >= n && top <= topShare * span.size();
        };
    }
}
