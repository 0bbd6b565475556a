package io.breachwatch.detector.page;

import java.util.Locale;

/** What a page is about. Its lowercase name is a metric label value and the webhook envelope's {@code kind}. */
public enum PageKind {
    /** The first alert of a group, paged on its own under its {@code alert_id}. */
    ALERT,
    /** The alerts of a group folded during its window, paged once when the window ends. */
    SUMMARY,
    /** A new incident, under its {@code incident_id}. */
    INCIDENT,
    /** The latest state of an incident that grew during its window, under the same {@code incident_id}. */
    INCIDENT_UPDATE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
