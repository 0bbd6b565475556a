package io.breachwatch.detector.page;

/**
 * What a group window collects from the records folded into it, and the page it becomes when the window ends. The
 * page depends only on the set of records added, so a restart that re-reads them produces the same page.
 */
interface WindowContent {

    /** Adds a folded record; returns whether it counts (not a repeat of the window's first page or of another). */
    boolean add(InputRecord record);

    /** How many distinct records count. */
    int size();

    /** The page for the window's end; only called when {@link #size()} is above zero. */
    Page page(GroupWindow window);

    static WindowContent forRecord(InputRecord record, Long leaderIdentity) {
        return record.alert() != null ? new SummaryBuilder(leaderIdentity) : new IncidentLatest(leaderIdentity);
    }
}
