package io.breachwatch.detector.demo;

import io.breachwatch.detector.core.DisplayText;
import io.breachwatch.schema.Alert;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Renders an alert as one line a person can read in a terminal or on a phone. */
public final class AlertLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.of("UTC"));

    private AlertLines() {
    }

    public static String of(io.breachwatch.schema.Incident incident) {
        return String.format("%s INCIDENT %-8s %s  %s", TIME.format(incident.detectedAt()),
                incident.severity().label().toUpperCase(java.util.Locale.ROOT),
                incident.families().stream().map(io.breachwatch.schema.EventType::label).toList(),
                DisplayText.safe(incident.summary(), 300));
    }

    public static String of(Alert alert) {
        return String.format("%s ALERT %-8s %-28s %-24s %s  %s",
                TIME.format(alert.detectedAt()), alert.severity().label().toUpperCase(java.util.Locale.ROOT),
                alert.ruleId(), DisplayText.safe(alert.entity().toString(), 40), String.join(",", alert.attack()),
                DisplayText.safe(alert.summary(), 300));
    }
}
