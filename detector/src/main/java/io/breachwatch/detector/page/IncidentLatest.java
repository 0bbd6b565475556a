package io.breachwatch.detector.page;

import io.breachwatch.schema.Incident;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

/**
 * The versions of one incident re-emitted during its window (it grows as alerts join), reduced to the most grown
 * one: most alerts, then latest alert, then content, so the choice does not depend on read order. It is paged at the
 * window's end as an update under the same incident id: PagerDuty and Opsgenie add it to the open incident without
 * paging again.
 */
final class IncidentLatest implements WindowContent {
    private static final Comparator<InputRecord> MOST_GROWN = Comparator
            .comparingInt((InputRecord r) -> r.incident().alertIds().size())
            .thenComparing(r -> r.incident().lastAlertAt())
            .thenComparing(InputRecord::raw);

    private final Long leaderIdentity;
    private final Set<Long> seen = new HashSet<>();
    private InputRecord latest;

    IncidentLatest(Long leaderIdentity) {
        this.leaderIdentity = leaderIdentity;
    }

    @Override
    public boolean add(InputRecord record) {
        long identity = record.identity();
        if ((leaderIdentity != null && identity == leaderIdentity) || !seen.add(identity)) {
            return false;
        }
        if (latest == null || MOST_GROWN.compare(record, latest) > 0) {
            latest = record;
        }
        return true;
    }

    @Override
    public int size() {
        return seen.size();
    }

    @Override
    public Page page(GroupWindow window) {
        Incident incident = latest.incident();
        return new Page.IncidentPage(incident, latest.raw(), true);
    }
}
