package io.breachwatch.detector.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Grouping and rate limiting as a specification, on an explicit clock: given alerts at stated times, which page at
 * once, which are folded (and why), and what each window's page says.
 */
class GroupWindowsTest {
    private static final Instant T0 = Instant.parse("2024-03-12T03:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final String SPRAY = "auth.password_spray";
    private static final String BRUTE = "auth.brute_force.source";

    private final GroupWindows windows = new GroupWindows(FIVE_MINUTES, 10_000);
    private long offset;

    private static Alert alert(String rule, String ip, Instant at, double observed) {
        return PageFixtures.alert(rule, Entity.sourceIp(ip), Severity.HIGH, at, observed);
    }

    private GroupWindows.Decision decide(GroupWindows w, Alert alert, Instant now, TokenBucket bucket) {
        return w.decide(PageFixtures.input(PageFixtures.ALERTS_0, offset++, alert), now, () -> bucket.tryTake(now));
    }

    private static String describe(GroupWindows.Decision decision) {
        if (decision instanceof GroupWindows.Decision.Lead lead) {
            return "page " + lead.page().kind().label() + " " + lead.page().dedupKey() + (lead.again() ? " again" : "");
        }
        if (decision instanceof GroupWindows.Decision.Folded folded) {
            return "fold " + folded.cause().label() + (folded.counted() ? "" : " (repeat)");
        }
        return decision instanceof GroupWindows.Decision.Done ? "done" : "blocked";
    }

    private static Page windowPage(GroupWindow window) {
        return window.content().page(window);
    }

    @Test
    void theFirstAlertOfAGroupPagesAtOnceTheRestOfTheWindowFoldIntoOneSummary() {
        TokenBucket bucket = new TokenBucket(new RateLimit(10, 5), T0);
        List<String> decisions = new ArrayList<>();
        Alert first = alert(SPRAY, "203.0.113.1", T0, 20);
        decisions.add(describe(decide(windows, first, T0, bucket)));
        for (int i = 2; i <= 10; i++) {
            Instant at = T0.plusSeconds(10L * i);
            decisions.add(describe(decide(windows, alert(SPRAY, "203.0.113." + i, at, 20 + i), at, bucket)));
        }
        Alert other = alert(BRUTE, "198.51.100.7", T0.plusSeconds(30), 8);
        decisions.add(describe(decide(windows, other, T0.plusSeconds(30), bucket)));

        assertThat(decisions).containsExactly(
                "page alert " + first.alertId(),
                "fold grouped", "fold grouped", "fold grouped", "fold grouped", "fold grouped", "fold grouped",
                "fold grouped", "fold grouped", "fold grouped",
                "page alert " + other.alertId());

        // Nothing is ready before the window ends
        windows.closeDue(T0.plus(FIVE_MINUTES).minusMillis(1));
        assertThat(windows.ready(p -> Long.MAX_VALUE)).isEmpty();
        windows.closeDue(T0.plus(FIVE_MINUTES));
        List<GroupWindow> ready = windows.ready(p -> Long.MAX_VALUE);
        assertThat(ready).hasSize(1);
        AlertSummary summary = ((Page.SummaryPage) windowPage(ready.get(0))).summary();
        assertThat(summary.dedupKey()).isEqualTo("summary:auth.password_spray:source_ip:" + T0.toEpochMilli());
        assertThat(summary.text()).isEqualTo("auth.password_spray: 9 more alerts on 9 source_ip entities, detected "
                + "03:00:20-03:01:40 UTC (grouped for 5m); highest: 203.0.113.10 (30), 203.0.113.9 (29), "
                + "203.0.113.8 (28), 203.0.113.7 (27), 203.0.113.6 (26)");

        // After the window, the group's next alert pages again and opens a new window
        Instant later = T0.plus(FIVE_MINUTES).plusSeconds(1);
        Alert next = alert(SPRAY, "203.0.113.99", later, 20);
        assertThat(describe(decide(windows, next, later, bucket))).isEqualTo("page alert " + next.alertId());
    }

    @Test
    void withoutATokenAFirstAlertIsFoldedAndItsWindowHasNoLeader() {
        TokenBucket bucket = new TokenBucket(new RateLimit(1, 2), T0);
        List<String> decisions = new ArrayList<>();
        List<String> rules = List.of("r.one", "r.two", "r.three", "r.four");
        for (String rule : rules) {
            decisions.add(describe(decide(windows, alert(rule, "192.0.2.1", T0, 10), T0, bucket)).split(" ")[0]
                    + " " + describe(decide(windows, alert(rule, "192.0.2.2", T0, 10), T0, bucket)));
        }
        assertThat(decisions).containsExactly("page fold grouped", "page fold grouped",
                "fold fold grouped", "fold fold grouped");
        windows.closeDue(T0.plus(FIVE_MINUTES));
        List<String> texts = windows.ready(p -> Long.MAX_VALUE).stream().map(w -> windowPage(w).title()).toList();
        assertThat(texts).containsExactlyInAnyOrder("Title of r.one: 1 more alert", "Title of r.two: 1 more alert",
                "Title of r.three: 2 alerts", "Title of r.four: 2 alerts");
        // One page a minute: the next token comes a minute after the two of the burst were taken
        assertThat(bucket.untilAvailable(T0)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aFullWindowClosesEarlyAndTheNextOneGoesOnFolding() {
        GroupWindows small = new GroupWindows(FIVE_MINUTES, 3);
        TokenBucket bucket = new TokenBucket(new RateLimit(10, 5), T0);
        List<String> decisions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            decisions.add(describe(decide(small, alert(SPRAY, "10.0.0." + i, T0, 1), T0, bucket)));
        }
        assertThat(decisions).containsExactly(decisions.get(0), "fold grouped", "fold grouped", "fold grouped",
                "fold window_full", "fold grouped");
        assertThat(decisions.get(0)).startsWith("page alert ");
        List<GroupWindow> ready = small.ready(p -> Long.MAX_VALUE);
        assertThat(ready).hasSize(1);
        assertThat(windowPage(ready.get(0)).title()).isEqualTo("Title of auth.password_spray: 3 more alerts");
        // Two windows of one group never share a start, so never a dedup key
        assertThat(small.tracked().get(1).start()).isEqualTo(T0.plusMillis(1));
    }

    @Test
    void anIncidentPagesEvenWithoutATokenAndItsGrowthIsOneUpdateUnderTheSameId() {
        TokenBucket empty = new TokenBucket(new RateLimit(1, 1), T0);
        empty.tryTake(T0);
        var v1 = PageFixtures.incident("inc-1", 2, T0);
        var v2 = PageFixtures.incident("inc-1", 3, T0);
        var v3 = PageFixtures.incident("inc-1", 4, T0);
        TopicPartition p = PageFixtures.INCIDENTS_0;
        List<String> decisions = new ArrayList<>();
        decisions.add(describe(windows.decide(PageFixtures.input(p, 0, v1), T0, () -> empty.tryTake(T0))));
        decisions.add(describe(windows.decide(PageFixtures.input(p, 1, v3), T0, () -> empty.tryTake(T0))));
        decisions.add(describe(windows.decide(PageFixtures.input(p, 2, v2), T0, () -> empty.tryTake(T0))));
        decisions.add(describe(windows.decide(PageFixtures.input(p, 3, v1), T0, () -> empty.tryTake(T0))));
        assertThat(decisions).containsExactly("page incident inc-1", "fold grouped", "fold grouped",
                "fold grouped (repeat)");
        windows.closeDue(T0.plus(FIVE_MINUTES));
        Page update = windowPage(windows.ready(x -> Long.MAX_VALUE).get(0));
        assertThat(update.kind()).isEqualTo(PageKind.INCIDENT_UPDATE);
        assertThat(update.dedupKey()).isEqualTo("inc-1");
        assertThat(((Page.IncidentPage) update).incident().alertIds()).hasSize(4);
    }

    @Test
    void aRepeatedAlertIsFoldedWithoutCountingAndAWindowOfRepeatsNeedsNoPage() {
        TokenBucket bucket = new TokenBucket(new RateLimit(10, 5), T0);
        Alert once = alert(BRUTE, "203.0.113.7", T0, 9);
        assertThat(describe(decide(windows, once, T0, bucket))).startsWith("page alert");
        assertThat(describe(decide(windows, once, T0, bucket))).isEqualTo("fold grouped (repeat)");
        windows.closeDue(T0.plus(FIVE_MINUTES));
        assertThat(windows.ready(p -> Long.MAX_VALUE).get(0).counted()).isZero();
    }

    @Test
    void beyondTheTrackedWindowsANewGroupWaitsUntilOneIsForgotten() {
        TokenBucket bucket = new TokenBucket(new RateLimit(600, 100), T0);
        for (int i = 0; i < GroupWindows.MAX_TRACKED; i++) {
            assertThat(decide(windows, alert("r.rule" + i, "10.0.0.1", T0, 1), T0, bucket))
                    .isInstanceOf(GroupWindows.Decision.Lead.class);
        }
        Alert extra = alert("r.extra", "10.0.0.1", T0, 1);
        assertThat(decide(windows, extra, T0, bucket)).isInstanceOf(GroupWindows.Decision.Blocked.class);
        // A known group still folds
        assertThat(describe(decide(windows, alert("r.rule0", "10.0.0.2", T0, 1), T0, bucket)))
                .isEqualTo("fold grouped");

        Instant end = T0.plus(FIVE_MINUTES);
        windows.closeDue(end);
        for (GroupWindow window : windows.tracked()) {
            window.resolveLeader();
            window.resolve((p, o) -> { });
        }
        windows.forget(p -> Long.MAX_VALUE);
        assertThat(windows.tracked()).isEmpty();
        assertThat(decide(windows, extra, end, bucket)).isInstanceOf(GroupWindows.Decision.Lead.class);
    }

    @Test
    void afterARestartRecordsReadAgainAreDecidedAsBeforeAndTheSummaryIsTheSame() {
        TokenBucket bucket = new TokenBucket(new RateLimit(10, 5), T0);
        TopicPartition p0 = new TopicPartition(PageFixtures.TOPICS.alerts(), 0);
        TopicPartition p1 = new TopicPartition(PageFixtures.TOPICS.alerts(), 1);
        List<InputRecord> records = new ArrayList<>();
        records.add(PageFixtures.input(p0, 0, alert(SPRAY, "10.0.0.1", T0, 5)));   // leader, delivered
        records.add(PageFixtures.input(p1, 0, alert(SPRAY, "10.0.0.2", T0, 6)));   // folded
        records.add(PageFixtures.input(p0, 1, alert(BRUTE, "10.0.0.3", T0, 7)));   // leader, not yet delivered
        records.add(PageFixtures.input(p1, 1, alert(SPRAY, "10.0.0.4", T0, 8)));   // folded
        records.forEach(r -> windows.decide(r, T0, () -> bucket.tryTake(T0)));
        GroupWindow spray = windows.tracked().get(0);
        spray.resolveLeader();
        windows.closeDue(T0.plus(FIVE_MINUTES));
        Page before = windowPage(spray);
        assertThat(windows.ready(p -> Long.MAX_VALUE)).hasSize(2); // the brute-force window holds only its leader
        Map<TopicPartition, String> committed = Map.of(
                p0, WindowState.encode(p0, windows.tracked()), p1, WindowState.encode(p1, windows.tracked()));

        // A fresh process reads the same records again from the committed offsets (0 on both partitions)
        GroupWindows restarted = new GroupWindows(FIVE_MINUTES, 10_000);
        restarted.restore(WindowState.decodeAll(committed, () -> { throw new AssertionError("unreadable"); }));
        TokenBucket none = new TokenBucket(new RateLimit(1, 1), T0);
        none.tryTake(T0);
        Instant later = T0.plus(Duration.ofMinutes(7));
        List<String> again = records.stream()
                .map(r -> describe(restarted.decide(r, later, () -> none.tryTake(later)))).toList();
        assertThat(again).containsExactly("done", "fold replayed",
                "page alert " + records.get(2).alert().alertId() + " again", "fold replayed");
        restarted.closeDue(later);
        GroupWindow sprayAgain = restarted.ready(p -> 2).stream().filter(w -> w.counted() > 0).findFirst()
                .orElseThrow();
        Page after = windowPage(sprayAgain);
        assertThat(after).isEqualTo(before);
        assertThat(PageFormat.of(PageFixtures.destination(DestinationType.WEBHOOK, java.net.URI.create("http://127.0.0.1/")))
                .body(after)).isEqualTo(PageFormat.of(PageFixtures.destination(DestinationType.WEBHOOK,
                java.net.URI.create("http://127.0.0.1/"))).body(before));
    }

    @Test
    void aWindowOpenedBetweenMillisecondsHasTheSameStartAndSummaryAfterARestart() {
        // Given a window opened at a wall-clock instant finer than a millisecond (the system clock ticks in
        // microseconds) while the commit metadata keeps milliseconds
        Instant now = T0.plusNanos(528_657_397);
        TokenBucket none = new TokenBucket(new RateLimit(1, 1), now);
        none.tryTake(now);
        TopicPartition p0 = PageFixtures.ALERTS_0;
        List<InputRecord> records = List.of(PageFixtures.input(p0, 0, alert(SPRAY, "10.0.2.1", T0, 3)),
                PageFixtures.input(p0, 1, alert(SPRAY, "10.0.2.2", T0, 4)));
        records.forEach(r -> windows.decide(r, now, () -> none.tryTake(now)));
        windows.closeDue(now.plus(FIVE_MINUTES));
        GroupWindow window = windows.ready(p -> Long.MAX_VALUE).get(0);
        Page before = windowPage(window);

        // When a fresh process restores it from the commit metadata and reads its records again
        GroupWindows restarted = new GroupWindows(FIVE_MINUTES, 10_000);
        restarted.restore(WindowState.decodeAll(Map.of(p0, WindowState.encode(p0, windows.tracked())),
                () -> { throw new AssertionError("unreadable"); }));
        Instant later = now.plus(Duration.ofMinutes(7));
        records.forEach(r -> restarted.decide(r, later, () -> none.tryTake(later)));
        Page after = windowPage(restarted.ready(p -> 2).get(0));

        // Then the window starts on the millisecond, and its summary is the same page, byte for byte
        assertThat(window.start()).isEqualTo(T0.plusMillis(528));
        assertThat(after).isEqualTo(before);
        PageFormat webhook = PageFormat.of(PageFixtures.destination(DestinationType.WEBHOOK,
                java.net.URI.create("http://127.0.0.1/")));
        assertThat(new String(webhook.body(after), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(webhook.body(before), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"window_start\":\"2024-03-12T03:00:00.528Z\"");
    }

    @Test
    void twoWindowsOfAGroupOpenedWithinOneMillisecondStillHaveTwoStarts() {
        // Given a group whose window fills up (3 alerts) and a second window opened 0.2 ms after the first
        GroupWindows small = new GroupWindows(FIVE_MINUTES, 3);
        TokenBucket bucket = new TokenBucket(new RateLimit(10, 5), T0);
        Instant first = T0.plusNanos(700_000);
        Instant second = T0.plusNanos(900_000);
        decide(small, alert(SPRAY, "10.0.3.0", T0, 1), first, bucket);
        for (int i = 1; i <= 4; i++) {
            decide(small, alert(SPRAY, "10.0.3." + i, T0, 1), second, bucket);
        }
        // Then both start on a millisecond, one apart: two dedup keys
        assertThat(small.tracked()).extracting(GroupWindow::start).containsExactly(T0, T0.plusMillis(1));
    }

    @Test
    void aRestoredWindowWaitsForAllItsRecordsBeforeItsPageIsBuilt() {
        TokenBucket bucket = new TokenBucket(new RateLimit(10, 5), T0);
        TopicPartition p0 = PageFixtures.ALERTS_0;
        for (int i = 0; i < 5; i++) {
            windows.decide(PageFixtures.input(p0, i, alert(SPRAY, "10.0.1." + i, T0, i)), T0, () -> bucket.tryTake(T0));
        }
        windows.closeDue(T0.plus(FIVE_MINUTES));
        GroupWindows restarted = new GroupWindows(FIVE_MINUTES, 10_000);
        restarted.restore(WindowState.decodeAll(Map.of(p0, WindowState.encode(p0, windows.tracked())), () -> { }));
        assertThat(restarted.ready(p -> 3)).isEmpty();
        assertThat(restarted.ready(p -> 5)).hasSize(1);
    }
}
