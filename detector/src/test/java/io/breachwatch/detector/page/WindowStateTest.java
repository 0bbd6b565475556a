package io.breachwatch.detector.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Entity;
import io.breachwatch.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The grouping state written into commit metadata: read back as written, and always within Kafka's limit. */
class WindowStateTest {
    private static final Instant T0 = Instant.parse("2024-03-12T03:00:00Z");

    @Test
    void theLargestPossibleStateFitsTheBrokersMetadataLimit() {
        TopicPartition p = PageFixtures.ALERTS_0;
        List<GroupWindow> windows = new ArrayList<>();
        for (int i = 0; i < GroupWindows.MAX_TRACKED; i++) {
            // Extreme values everywhere: largest hashes, offsets and leader fields
            GroupWindow window = new GroupWindow(-1L - i, Instant.ofEpochMilli(Long.MAX_VALUE / 1_000_000),
                    Duration.ofMinutes(5));
            window.lead(new InputRecord(p, Long.MAX_VALUE - 1, PagedTopic.ALERTS,
                    PageFixtures.alert("r.x" + i, Entity.sourceIp("10.0.0.1"), Severity.LOW, T0, 1), null, "{}", null));
            window.fold(PageFixtures.input(p, Long.MAX_VALUE, PageFixtures.alert("r.x" + i, Entity.sourceIp("10.0.0.2"),
                    Severity.LOW, T0, 1)));
            window.fold(PageFixtures.input(p, 0, PageFixtures.alert("r.x" + i, Entity.sourceIp("10.0.0.3"),
                    Severity.LOW, T0, 1)));
            windows.add(window);
        }
        String encoded = WindowState.encode(p, windows);
        assertThat(encoded.length()).isLessThanOrEqualTo(GroupWindows.MAX_TRACKED * WindowState.MAX_ENTRY_CHARS + 3)
                .isLessThan(WindowState.BROKER_LIMIT);
        assertThat(WindowState.decode(encoded, () -> { throw new AssertionError(); })).hasSize(GroupWindows.MAX_TRACKED);
    }

    @Test
    void entriesReadBackAsWrittenAndOnlyTheLeadersPartitionNamesTheLeader() {
        TopicPartition p0 = PageFixtures.ALERTS_0;
        TopicPartition p1 = new TopicPartition(p0.topic(), 1);
        GroupWindow window = new GroupWindow(12345L, T0, Duration.ofMinutes(5));
        InputRecord leader = PageFixtures.input(p0, 17, PageFixtures.alert("r.a", Entity.sourceIp("10.0.0.1"),
                Severity.LOW, T0, 1));
        window.lead(leader);
        window.fold(PageFixtures.input(p1, 40, PageFixtures.alert("r.a", Entity.sourceIp("10.0.0.2"), Severity.LOW,
                T0, 1)));
        window.fold(PageFixtures.input(p1, 44, PageFixtures.alert("r.a", Entity.sourceIp("10.0.0.3"), Severity.LOW,
                T0, 1)));
        window.close();
        window.resolveLeader();

        assertThat(WindowState.decode(WindowState.encode(p0, List.of(window)), () -> { })).containsExactly(
                new WindowState.Entry(12345L, T0, GroupWindow.Status.CLOSED, 17, 17, leader.identity(), 17, true));
        assertThat(WindowState.decode(WindowState.encode(p1, List.of(window)), () -> { })).containsExactly(
                new WindowState.Entry(12345L, T0, GroupWindow.Status.CLOSED, 40, 44, leader.identity(), -1, false));
        assertThat(WindowState.encode(new TopicPartition(p0.topic(), 2), List.of(window))).isEqualTo("bw1");
    }

    @Test
    void metadataWrittenBySomethingElseIsReportedAndIgnored() {
        AtomicInteger unreadable = new AtomicInteger();
        assertThat(WindowState.decode("", unreadable::incrementAndGet)).isEmpty();
        assertThat(WindowState.decode(null, unreadable::incrementAndGet)).isEmpty();
        assertThat(unreadable).hasValue(0);
        assertThat(WindowState.decode("checkpoint=42", unreadable::incrementAndGet)).isEmpty();
        assertThat(WindowState.decode("bw1;1,2,X,3,4,,,", unreadable::incrementAndGet)).isEmpty();
        assertThat(WindowState.decode("bw1;1,2", unreadable::incrementAndGet)).isEmpty();
        assertThat(unreadable).hasValue(3);
    }
}
