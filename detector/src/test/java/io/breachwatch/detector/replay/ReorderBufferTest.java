package io.breachwatch.detector.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reorder buffer releases exactly what one priority queue over all held events (time, then input order) would:
 * the reference below is that queue, written plainly.
 */
class ReorderBufferTest {
    private static final Instant T0 = Instant.parse("2026-03-14T10:00:00Z");

    private static List<CanonicalEvent> reference(List<CanonicalEvent> input, int capacity) {
        record Held(CanonicalEvent event, long sequence) {
        }
        PriorityQueue<Held> queue = new PriorityQueue<>(Comparator.comparing((Held h) -> h.event().timestamp())
                .thenComparingLong(Held::sequence));
        List<CanonicalEvent> out = new ArrayList<>();
        long sequence = 0;
        for (CanonicalEvent event : input) {
            queue.add(new Held(event, sequence++));
            if (queue.size() > capacity) {
                out.add(queue.poll().event());
            }
        }
        while (!queue.isEmpty()) {
            out.add(queue.poll().event());
        }
        return out;
    }

    private static List<CanonicalEvent> buffered(List<CanonicalEvent> input, int capacity) {
        List<CanonicalEvent> out = new ArrayList<>();
        ReorderBuffer buffer = new ReorderBuffer(capacity, out::add);
        input.forEach(buffer::add);
        buffer.drain();
        return out;
    }

    /** Mostly in order, with ties (same nanosecond), sub-millisecond steps and events far behind. */
    private static List<CanonicalEvent> input(Random random, int n) {
        List<CanonicalEvent> events = new ArrayList<>();
        long nanos = 0;
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            long at;
            if (kind < 6) {
                nanos += random.nextInt(3) * 400_000L; // ties and steps below a millisecond
                at = nanos;
            } else if (kind < 9) {
                at = nanos - random.nextInt(5_000_000); // a little behind
            } else {
                at = nanos - random.nextInt(2_000_000_000); // far behind
            }
            events.add(new AuthEvent("e" + i, T0.plusNanos(at), "u", "10.0.0.1", AuthOutcome.FAILURE, null, null,
                    null, null));
        }
        return events;
    }

    @Test
    void releasesExactlyWhatOnePriorityQueueWould() {
        Random random = new Random(5);
        for (int capacity : new int[] {1, 2, 7, 50, 1_000, 10_000}) {
            for (int round = 0; round < 5; round++) {
                List<CanonicalEvent> input = input(random, 3_000);
                assertThat(buffered(input, capacity)).as("capacity %d", capacity)
                        .containsExactlyElementsOf(reference(input, capacity));
            }
        }
    }

    @Test
    void inputSmallerThanTheBufferComesOutFullySortedTiesInInputOrder() {
        List<CanonicalEvent> input = input(new Random(8), 2_000);
        List<CanonicalEvent> sorted = new ArrayList<>(input);
        sorted.sort(Comparator.comparing(CanonicalEvent::timestamp));

        assertThat(buffered(input, 1_000_000)).containsExactlyElementsOf(sorted);
    }
}
