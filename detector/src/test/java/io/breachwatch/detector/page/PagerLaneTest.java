package io.breachwatch.detector.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.page.FlakyReceiver.Fault;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import io.breachwatch.schema.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One destination's lane against a real HTTP receiver on 127.0.0.1 that fails (500, 429 with Retry-After), answers
 * too late, drops connections and recovers, while the bridge crashes between rounds and its commits fail: every
 * alert is delivered, none under two dedup keys, no dedup key with two contents. The topic is an in-memory log
 * (the real-broker version of this test is PagerBridgeIT); time for windows and the rate limit is a test clock.
 */
@Timeout(120)
class PagerLaneTest {
    private static final Instant T0 = Instant.parse("2024-03-12T03:00:00Z");
    private static final TopicPartition ALERTS_0 = new TopicPartition(PageFixtures.TOPICS.alerts(), 0);
    private static final TopicPartition ALERTS_1 = new TopicPartition(PageFixtures.TOPICS.alerts(), 1);
    private static final TopicPartition INCIDENTS_0 = new TopicPartition(PageFixtures.TOPICS.incidents(), 0);

    /** Finer than a millisecond, like the system clock, while commit metadata keeps milliseconds. */
    private final MutableClock clock = new MutableClock(T0.plusNanos(657_397));
    private final PagerMetrics metrics = PagerMetrics.unexported();
    private final List<PageDeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log = new LinkedHashMap<>();

    private PagerConfig config(DestinationConfig destination) {
        return new PagerConfig(Map.of(), PageFixtures.TOPICS, "pager-test", PagerConfig.StartAt.EARLIEST,
                "dead", null, List.of(destination));
    }

    private PagerLane lane(DestinationConfig destination, LogConsumer consumer) {
        return new PagerLane(config(destination), destination, consumer, new HttpDestination(destination, clock),
                (key, letter) -> deadLetters.add(letter), metrics, clock, new Random(3));
    }

    private void append(TopicPartition partition, Object value) {
        List<ConsumerRecord<byte[], byte[]>> records = log.computeIfAbsent(partition, p -> new ArrayList<>());
        records.add(PageFixtures.record(partition, records.size(), value));
    }

    private static DestinationConfig webhook(FlakyReceiver receiver) {
        return PageFixtures.destination(DestinationType.WEBHOOK, receiver.url())
                .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300));
    }

    @Test
    void noAlertIsLostAndNoneIsDeliveredUnderTwoKeysThroughFailuresAndCrashes() throws Exception {
        // Given 400 alerts of 8 rules over two partitions (every 10th below min_severity), a record that is not an
        // alert, and an incident re-emitted as it grows. (An alert written twice is a repeat within its window, see
        // GroupWindowsTest; in two windows it would be paged twice, see docs/paging.md.)
        List<String> expected = new ArrayList<>();
        List<String> filtered = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Severity severity = i % 10 == 9 ? Severity.LOW : i % 7 == 0 ? Severity.CRITICAL : Severity.HIGH;
            Alert alert = PageFixtures.alert("auth.rule_" + (i % 8), Entity.sourceIp("203.0.113." + (i % 50)),
                    severity, T0.plusSeconds(i), i % 13);
            append(i % 2 == 0 ? ALERTS_0 : ALERTS_1, alert);
            (severity == Severity.LOW ? filtered : expected).add(alert.alertId());
            if (i == 200) {
                append(ALERTS_1, "{\"alert_id\":".getBytes(StandardCharsets.UTF_8));
            }
        }
        for (int version = 2; version <= 4; version++) {
            append(INCIDENTS_0, PageFixtures.incident("inc-1", version, T0));
        }
        // A receiver that misbehaves for its first 150 requests, then recovers
        Random faults = new Random(42);
        Fault[] script = new Fault[150];
        for (int n = 0; n < script.length; n++) {
            double r = faults.nextDouble();
            script[n] = r < 0.15 ? Fault.SERVER_ERROR : r < 0.19 ? Fault.TOO_MANY_REQUESTS : r < 0.29 ? Fault.SLOW
                    : r < 0.39 ? Fault.DROP : Fault.OK;
        }
        Random commits = new Random(7);
        BooleanSupplier commitFails = () -> commits.nextDouble() < 0.2;
        try (FlakyReceiver receiver = FlakyReceiver.start(n -> n <= script.length ? script[n - 1] : Fault.OK,
                Duration.ofMillis(600))) {
            DestinationConfig destination = webhook(receiver).withMinSeverity(Severity.MEDIUM)
                    .withGrouping(Duration.ofSeconds(20), 25, new RateLimit(30, 5));

            // When the bridge reads 5 records per partition per round, a second of test time apart, a fifth of its
            // commits fail, and it crashes every 3 to 12 rounds and after failed commits (no close: whatever was
            // not committed is read again)
            Random crashes = new Random(11);
            LogConsumer consumer = new LogConsumer(log, Map.of(), 5, commitFails);
            PagerLane lane = lane(destination, consumer);
            int restarts = 0;
            int untilCrash = 3 + crashes.nextInt(10);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!(consumer.allCommitted() && receiver.received().size() > script.length)
                    || lane.hasPendingWork()) {
                assertThat(System.nanoTime()).as("all delivered within 90 s").isLessThan(deadline);
                int failedBefore = consumer.failedCommits();
                lane.runOnce();
                clock.advance(Duration.ofSeconds(1));
                // Crash on a schedule, and often right after a failed commit: pages went out, their commit did not
                boolean afterFailedCommit = consumer.failedCommits() > failedBefore && crashes.nextBoolean();
                if (--untilCrash == 0 || afterFailedCommit) {
                    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(log.keySet());
                    consumer = new LogConsumer(log, committed, 5, commitFails);
                    lane = lane(destination, consumer);
                    restarts++;
                    untilCrash = 3 + crashes.nextInt(10);
                }
                if (consumer.allCommitted() && receiver.received().size() <= script.length) {
                    break; // all delivered before the receiver ran out of faults: fine as well
                }
            }

            // Then every alert at or above min_severity arrived, none under two keys, no key with two contents
            Deliveries deliveries = new Deliveries(receiver.processed());
            assertThat(deliveries.problems(expected)).isEmpty();
            assertThat(deliveries.deliveredAlertIds()).doesNotContainAnyElementsOf(filtered);
            assertThat(deliveries.incidentAlerts()).containsExactly(Map.entry("inc-1", 4));
            assertThat(deadLetters).isNotEmpty().allSatisfy(letter -> {
                assertThat(letter.reason()).isEqualTo(PageDeadLetter.UNDECODABLE);
                assertThat(letter.sources()).containsExactly(new PageDeadLetter.Source(ALERTS_1.topic(), 1, 100, 100, 1));
            });
            // The faults and crashes really happened
            assertThat(restarts).isGreaterThan(5);
            assertThat(receiver.received()).extracting(FlakyReceiver.Received::fault)
                    .contains(Fault.SERVER_ERROR, Fault.TOO_MANY_REQUESTS, Fault.SLOW, Fault.DROP);
            assertThat(metrics.count("breachwatch.pager.retries", "reason", "timeout")).isPositive();
            assertThat(metrics.count("breachwatch.pager.retries", "reason", "rate_limited")).isPositive();
            assertThat(deliveries.pages("summary")).isPositive();
            System.out.printf("lane under faults: %d requests, %d distinct pages (%d alert, %d summary), %d repeats, "
                            + "%d restarts%n", receiver.received().size(), deliveries.pages(),
                    deliveries.pages("alert"), deliveries.pages("summary"), deliveries.repeats(), restarts);
        }
    }

    @Test
    void killsAtAnyCommitWithFullWindowsAndPartialFetchesNeverChangeAPage() throws Exception {
        // Given 12 logs of 4 rules x 60 alerts spread at random over 4 partitions (windows fill up at 25 and the
        // next one goes on folding)
        TopicPartition[] partitions = {ALERTS_0, ALERTS_1, new TopicPartition(ALERTS_0.topic(), 2),
                new TopicPartition(ALERTS_0.topic(), 3)};
        int totalKills = 0;
        long summaries = 0;
        int repeats = 0;
        for (long seed = 1; seed <= 12; seed++) {
            log.clear();
            Random random = new Random(seed);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                Alert alert = PageFixtures.alert("auth.rule_" + (i % 4), Entity.sourceIp("198.51.100." + i),
                        Severity.HIGH, T0.plusSeconds(i), i % 11);
                append(partitions[random.nextInt(partitions.length)], alert);
                expected.add(alert.alertId());
            }
            for (TopicPartition partition : partitions) {
                log.computeIfAbsent(partition, p -> new ArrayList<>());
            }
            try (FlakyReceiver receiver = FlakyReceiver.start(n -> Fault.OK, Duration.ZERO)) {
                DestinationConfig destination = webhook(receiver)
                        .withGrouping(Duration.ofSeconds(4), 25, new RateLimit(60, 8));
                // When the bridge is killed at random commits (some just after pages went out, before the commit
                // that records it), fetches return random parts of each partition, and a new bridge starts from
                // what was committed, until everything is
                int kills = 0;
                LogConsumer consumer = null;
                Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (consumer == null || !consumer.allCommitted()) {
                    assertThat(System.nanoTime()).as("seed %d delivered within 60 s", seed).isLessThan(deadline);
                    consumer = new LogConsumer(log, committed, 20, () -> false).partialPolls(random)
                            .dyingAt(() -> random.nextDouble() < 0.15);
                    PagerLane lane = lane(destination, consumer);
                    try {
                        for (int round = 0; round < 200 && !consumer.allCommitted(); round++) {
                            lane.runOnce();
                            clock.advance(Duration.ofMillis(700));
                        }
                    } catch (LogConsumer.Killed e) {
                        kills++;
                    }
                    committed = consumer.committed(log.keySet());
                }
                // Then every alert arrived, none under two keys, no key with two contents
                Deliveries deliveries = new Deliveries(receiver.processed());
                assertThat(deliveries.problems(expected)).as("seed %d, %d kills", seed, kills).isEmpty();
                totalKills += kills;
                summaries += deliveries.pages("summary");
                repeats += deliveries.repeats();
            }
        }
        // The kills really happened, summaries went out, and some pages were sent again after a kill
        assertThat(totalKills).isGreaterThan(12);
        assertThat(summaries).isGreaterThan(12);
        assertThat(repeats).isPositive();
        System.out.printf("kills at commits: %d kills, %d summaries, %d repeats over 12 logs%n", totalKills,
                summaries, repeats);
    }

    @Test
    void aCrashAfterASummaryWentOutButBeforeItsCommitSendsTheSameSummaryAgain() throws Exception {
        // Given five alerts of one group: the first pages, four fold into the window's summary
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Alert alert = PageFixtures.alert("auth.rule_a", Entity.sourceIp("192.0.2." + i), Severity.HIGH,
                    T0.plusSeconds(i), i);
            append(ALERTS_0, alert);
            expected.add(alert.alertId());
        }
        try (FlakyReceiver receiver = FlakyReceiver.start(n -> Fault.OK, Duration.ZERO)) {
            DestinationConfig destination = webhook(receiver);
            // The first commit after the receiver took the summary fails, and then the bridge dies
            java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
            BooleanSupplier failAfterSummary = () -> new Deliveries(receiver.processed()).pages("summary") == 1
                    && failed.compareAndSet(false, true);
            LogConsumer consumer = new LogConsumer(log, Map.of(), 10, failAfterSummary);
            PagerLane lane = lane(destination, consumer);
            lane.runOnce();
            clock.advance(Duration.ofMinutes(5));
            lane.runOnce();
            assertThat(failed).isTrue();
            assertThat(receiver.processed()).hasSize(2);

            // When a new bridge starts from what was committed
            LogConsumer restarted = new LogConsumer(log, consumer.committed(log.keySet()), 10, () -> false);
            lane = lane(destination, restarted);
            lane.runOnce();

            // Then the summary arrives again, byte for byte, and no folded alert pages on its own
            List<FlakyReceiver.Received> pages = receiver.processed();
            assertThat(pages).hasSize(3);
            assertThat(pages.get(2).body()).isEqualTo(pages.get(1).body());
            Deliveries deliveries = new Deliveries(pages);
            assertThat(deliveries.problems(expected)).isEmpty();
            assertThat(deliveries.repeats()).isEqualTo(1);
            assertThat(restarted.allCommitted()).isTrue();
        }
    }

    @Test
    void aFloodOfTenThousandAlertsOfOneAttackPagesTwice() throws Exception {
        // Given 10,000 alerts of one rule on 10,000 source addresses over two partitions
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Alert alert = PageFixtures.alert("auth.password_spray", Entity.sourceIp("10." + (i / 65536) + "."
                    + (i / 256 % 256) + "." + (i % 256)), Severity.HIGH, T0.plusMillis(i * 10L), i % 100);
            append(i % 2 == 0 ? ALERTS_0 : ALERTS_1, alert);
            expected.add(alert.alertId());
        }
        try (FlakyReceiver receiver = FlakyReceiver.start(n -> Fault.OK, Duration.ZERO)) {
            DestinationConfig destination = webhook(receiver);
            LogConsumer consumer = new LogConsumer(log, Map.of(), 500, () -> false);
            PagerLane lane = lane(destination, consumer);
            // When the bridge reads them in 10 rounds a second apart, and the 5-minute window then ends
            for (int round = 0; round < 20; round++) {
                lane.runOnce();
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(receiver.processed()).hasSize(1);
            clock.advance(Duration.ofMinutes(5));
            lane.runOnce();

            // Then two pages: the first alert, and one summary of the other 9,999
            Deliveries deliveries = new Deliveries(receiver.processed());
            assertThat(deliveries.problems(expected)).isEmpty();
            assertThat(receiver.processed()).hasSize(2);
            assertThat(deliveries.summarySizes()).containsExactly(9_999);
            assertThat(consumer.allCommitted()).isTrue();
            assertThat(metrics.count("breachwatch.pager.alerts.folded", "cause", "grouped")).isEqualTo(9_999);
            assertThat(metrics.count("breachwatch.pager.pages", "kind", "summary", "outcome", "delivered"))
                    .isEqualTo(1);
            assertThat(new Page.SummaryPage(PageFixtures.summary()).dedupKey()).startsWith("summary:");
            String text = PageJson.MAPPER.readTree(receiver.processed().get(1).body()).get("text").asText();
            assertThat(text).startsWith("auth.password_spray: 9,999 more alerts on 9,999 source_ip entities");
        }
    }

    @Test
    void aRefusedPageIsDeadLetteredWithItsReasonAndTheOthersGoOut() throws Exception {
        Alert refused = PageFixtures.alert("auth.rule_a", Entity.sourceIp("192.0.2.1"), Severity.HIGH, T0, 1);
        Alert second = PageFixtures.alert("auth.rule_b", Entity.sourceIp("192.0.2.2"), Severity.HIGH, T0, 1);
        append(ALERTS_0, refused);
        append(ALERTS_0, second);
        try (FlakyReceiver receiver = FlakyReceiver.start(n -> n == 1 ? Fault.REJECT : Fault.OK, Duration.ZERO)) {
            LogConsumer consumer = new LogConsumer(log, Map.of(), 10, () -> false);
            PagerLane lane = lane(webhook(receiver), consumer);
            lane.runOnce();
            lane.runOnce();
            assertThat(receiver.processed()).extracting(r -> r.headers().get("idempotency-key"))
                    .containsExactly(second.alertId());
            assertThat(deadLetters).hasSize(1);
            PageDeadLetter letter = deadLetters.get(0);
            assertThat(letter.reason()).isEqualTo(PageDeadLetter.REJECTED);
            assertThat(letter.httpStatus()).isEqualTo(400);
            assertThat(letter.dedupKey()).isEqualTo(refused.alertId());
            assertThat(letter.destination()).isEqualTo("test-webhook");
            assertThat(letter.response()).isEqualTo("{\"status\":\"invalid event\",\"errors\":[\"routing_key\"]}");
            // As stored on the dead-letter topic: the page as the webhook would have sent it, the alert as-is
            com.fasterxml.jackson.databind.JsonNode stored = PageJson.MAPPER.readTree(json(letter));
            assertThat(stored.get("page").get("alert").get("alert_id").asText()).isEqualTo(refused.alertId());
            assertThat(stored.get("destination_type").asText()).isEqualTo("webhook");
            assertThat(stored.get("page_kind").asText()).isEqualTo("alert");
            assertThat(letter.sources()).containsExactly(new PageDeadLetter.Source(ALERTS_0.topic(), 0, 0, 0, 1));
            assertThat(consumer.allCommitted()).isTrue();
            assertThat(metrics.count("breachwatch.pager.dead.letters", "reason", "rejected")).isEqualTo(1);
        }
    }

    @Test
    void aPageFailingLongerThanOverdueIsReportedAndStillDelivered() throws Exception {
        append(ALERTS_0, PageFixtures.alert("auth.rule_a", Entity.sourceIp("192.0.2.1"), Severity.HIGH, T0, 1));
        List<Double> overdueSeen = new CopyOnWriteArrayList<>();
        try (FlakyReceiver receiver = FlakyReceiver.start(n -> {
            overdueSeen.add(metrics.registry().get("breachwatch.pager.overdue.pages").gauge().value());
            return n <= 6 ? Fault.SERVER_ERROR : Fault.OK;
        }, Duration.ZERO)) {
            DestinationConfig destination = webhook(receiver).withRetry(new RetryPolicy(Duration.ofMillis(10),
                    Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(1)));
            LogConsumer consumer = new LogConsumer(log, Map.of(), 10, () -> false);
            PagerLane lane = lane(destination, consumer);
            // The test clock says a minute passes between attempts, so the page is overdue from the second failure
            Thread ticker = new Thread(() -> {
                while (receiver.received().size() < 7) {
                    clock.advance(Duration.ofMillis(1));
                    Thread.onSpinWait();
                }
            });
            ticker.setDaemon(true);
            ticker.start();
            lane.runOnce();
            ticker.join(10_000);
            assertThat(receiver.processed()).hasSize(1);
            assertThat(overdueSeen.get(0)).isZero();
            assertThat(overdueSeen.get(overdueSeen.size() - 1)).isEqualTo(1.0);
            assertThat(metrics.registry().get("breachwatch.pager.overdue.pages").gauge().value()).isZero();
            assertThat(metrics.count("breachwatch.pager.retries", "reason", "server_error")).isEqualTo(6);
            assertThat(metrics.count("breachwatch.pager.pages", "kind", "alert", "outcome", "delivered")).isEqualTo(1);
        }
    }

    static byte[] json(Object value) {
        return EventJson.strict().write(value);
    }
}
