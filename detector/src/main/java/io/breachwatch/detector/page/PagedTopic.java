package io.breachwatch.detector.page;

import java.util.Locale;

/** The detector outputs a destination can be paged from. */
public enum PagedTopic {
    ALERTS, INCIDENTS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
