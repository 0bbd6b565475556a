package io.breachwatch.detector.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A one-per-label log keeps exactly the entries a plain scan-based log would, whether it finds labels by scanning
 * (short) or through its label index (long): the reference below is the scan, written plainly.
 */
class EventLogTest {

    /** The log's documented behaviour, one linear scan per add. */
    private static final class Reference {
        final List<EventLog.Entry> entries = new ArrayList<>();
        final int capacity;

        Reference(int capacity) {
            this.capacity = capacity;
        }

        void add(EventLog.Entry entry) {
            if (entry.label() != null) {
                for (int i = entries.size() - 1; i >= 0; i--) {
                    if (entry.label().equals(entries.get(i).label())) {
                        if (entries.get(i).time() > entry.time()) {
                            return;
                        }
                        entries.remove(i);
                        break;
                    }
                }
            }
            int i = entries.size();
            while (i > 0 && entries.get(i - 1).time() > entry.time()) {
                i--;
            }
            entries.add(i, entry);
            if (entries.size() > capacity) {
                entries.remove(0);
            }
        }

        void forgetBefore(long time) {
            entries.removeIf(e -> e.time() < time);
        }
    }

    @Test
    void oneLabelPerEntryWithAndWithoutTheIndex() {
        Random random = new Random(21);
        for (int capacity : new int[] {8, 40, 300}) {
            for (int labels : new int[] {5, 50, 2_000}) {
                EventLog log = new EventLog(capacity, EventLog.Overflow.ONE_PER_LABEL);
                Reference reference = new Reference(capacity);
                long now = 0;
                for (int step = 0; step < 20_000; step++) {
                    int action = random.nextInt(100);
                    if (action < 2) {
                        long cut = now - random.nextInt(2_000);
                        log.forgetBefore(cut);
                        reference.forgetBefore(cut);
                    } else {
                        now += random.nextInt(20);
                        long time = action < 80 ? now : now - random.nextInt(500);
                        String label = random.nextInt(20) == 0 ? null : "l" + random.nextInt(labels);
                        EventLog.Entry entry = new EventLog.Entry(time, label, 1, 0, true, "e" + step);
                        log.add(entry);
                        reference.add(entry);
                    }
                    assertThat(log.entries()).as("capacity %d, labels %d, step %d", capacity, labels, step)
                            .containsExactlyElementsOf(reference.entries);
                }
            }
        }
    }

    @Test
    void aStoredLogOfManyLabelsIsIndexedWhenItGrows() {
        List<EventLog.Entry> stored = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            stored.add(new EventLog.Entry(i, "c" + i, 1, 0, true, "e" + i));
        }
        EventLog log = new EventLog(1_000, EventLog.Overflow.ONE_PER_LABEL, stored);

        log.add(new EventLog.Entry(200, "c7", 1, 0, true, "again"));

        assertThat(log.entries()).hasSize(100).last().isEqualTo(new EventLog.Entry(200, "c7", 1, 0, true, "again"));
        assertThat(log.entries()).extracting(EventLog.Entry::label).doesNotHaveDuplicates();
    }
}
