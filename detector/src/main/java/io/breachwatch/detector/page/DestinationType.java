package io.breachwatch.detector.page;

import java.util.Locale;

/** Where pages go. Its lowercase name is the config value and a metric label value (a closed set). */
public enum DestinationType {
    PAGERDUTY, SLACK, OPSGENIE, WEBHOOK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
