package io.breachwatch.detector.page;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.Severity;
import java.time.Instant;

/**
 * One notification for a destination. Everything in it is a function of the records it was made from (and, for a
 * summary, of its window's start, which the commit metadata keeps), never of when it is built or sent, so that a page
 * delivered again after a restart carries the same dedup key and the same content.
 */
public sealed interface Page permits Page.AlertPage, Page.SummaryPage, Page.IncidentPage {

    PageKind kind();

    /** The key a receiver deduplicates on: alert id, incident id, or the summary's group and window start. */
    String dedupKey();

    Severity severity();

    /** A short title (a Slack header, an Opsgenie message). */
    String title();

    /** One line a person can read on a phone. */
    String text();

    /** Event time the page is about (when the condition first held). */
    Instant at();

    /**
     * The first alert of a group.
     *
     * @param raw the alert's JSON exactly as read from the alert topic
     */
    record AlertPage(Alert alert, String raw) implements Page {
        @Override
        public PageKind kind() {
            return PageKind.ALERT;
        }

        @Override
        public String dedupKey() {
            return alert.alertId();
        }

        @Override
        public Severity severity() {
            return alert.severity();
        }

        @Override
        public String title() {
            return alert.title();
        }

        @Override
        public String text() {
            return alert.summary();
        }

        @Override
        public Instant at() {
            return alert.detectedAt();
        }
    }

    /** The alerts folded into a group window. */
    record SummaryPage(AlertSummary summary) implements Page {
        @Override
        public PageKind kind() {
            return PageKind.SUMMARY;
        }

        @Override
        public String dedupKey() {
            return summary.dedupKey();
        }

        @Override
        public Severity severity() {
            return summary.severity();
        }

        @Override
        public String title() {
            return summary.pageTitle();
        }

        @Override
        public String text() {
            return summary.text();
        }

        @Override
        public Instant at() {
            return summary.lastDetectedAt();
        }
    }

    /**
     * An incident, or its latest state at the end of its window ({@code update}).
     *
     * @param raw the incident's JSON exactly as read from the incident topic
     */
    record IncidentPage(Incident incident, String raw, boolean update) implements Page {
        @Override
        public PageKind kind() {
            return update ? PageKind.INCIDENT_UPDATE : PageKind.INCIDENT;
        }

        @Override
        public String dedupKey() {
            return incident.incidentId();
        }

        @Override
        public Severity severity() {
            return incident.severity();
        }

        @Override
        public String title() {
            return incident.title();
        }

        @Override
        public String text() {
            return (update ? "Update (" + incident.alertIds().size() + " alerts): " : "") + incident.summary();
        }

        @Override
        public Instant at() {
            return update ? incident.lastAlertAt() : incident.detectedAt();
        }
    }
}
