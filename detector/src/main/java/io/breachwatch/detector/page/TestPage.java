package io.breachwatch.detector.page;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code page --send-test NAME}: one synthetic low-severity alert page to one destination, sent once (no retry), so
 * an operator can see that the URL, the credential and the receiver's configuration work before an attack does.
 */
public final class TestPage {
    private TestPage() {
    }

    /** The outcome of the attempt, and whether the destination accepted it. */
    public record Outcome(boolean accepted, String description) {
    }

    public static Outcome send(DestinationConfig destination, Clock clock) throws InterruptedException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Alert alert = new Alert("breachwatch-test-" + now.toEpochMilli(), "breachwatch.test",
                "breachwatch test page", Severity.LOW, List.of(), new Entity("host", "breachwatch-pager"), now, now,
                0, 0, now, now, now, "Test page from breachwatch page --send-test: this destination works", null);
        String raw = new String(io.breachwatch.schema.json.EventJson.strict().write(alert),
                java.nio.charset.StandardCharsets.UTF_8);
        Attempt attempt = new HttpDestination(destination, clock).send(new Page.AlertPage(alert, raw));
        if (attempt instanceof Attempt.Accepted accepted) {
            return new Outcome(true, "accepted (HTTP " + accepted.status() + "), dedup key " + alert.alertId());
        }
        if (attempt instanceof Attempt.Rejected rejected) {
            return new Outcome(false, "refused with HTTP " + rejected.status()
                    + (rejected.excerpt().isEmpty() ? "" : ": " + rejected.excerpt())
                    + " (the bridge would record such a page as a dead letter)");
        }
        Attempt.Retry retry = (Attempt.Retry) attempt;
        return new Outcome(false, "not delivered: " + retry.reason().label()
                + (retry.status() > 0 ? " (HTTP " + retry.status() + ")" : "")
                + " (the bridge would retry such a page until it is accepted)");
    }
}
