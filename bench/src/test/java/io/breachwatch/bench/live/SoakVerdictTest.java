package io.breachwatch.bench.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoakVerdictTest {

    /** A sample at {@code eventsIn} of 1,000 events; heap and RSS in MB, entries of one big and one small store. */
    private static SoakRun.Sample at(long eventsIn, long heapMb, long rssMb, long bigStore) {
        return new SoakRun.Sample(eventsIn / 10.0, eventsIn, heapMb * 1_000_000, 5, rssMb * 1_000_000,
                Map.of("auth-by-user-state", bigStore, "auth-by-platform-state", 1L),
                Map.of("auth-by-user-state", bigStore, "auth-by-platform-state", 1L),
                Map.of("auth-by-user-state", bigStore * 3, "auth-by-platform-state", 4L), 0, Map.of(), 0, "RUNNING",
                1.0);
    }

    /** Samples every 100 events; warm-up is the first 250, the reference the samples from 300 to 350 events. */
    private static List<SoakRun.Sample> soak(long heapAfter, long rssAfter, long entriesAfter) {
        List<SoakRun.Sample> samples = new ArrayList<>();
        samples.add(at(0, 40, 300, 0));
        samples.add(at(100, 80, 500, 40_000));
        samples.add(at(200, 95, 580, 90_000));
        samples.add(at(300, 100, 600, 100_000)); // the reference: first sample past 25 %, last one up to 35 %
        samples.add(at(400, 105, 610, 104_000));
        samples.add(at(500, 98, 590, 99_000));
        samples.add(at(1_000, heapAfter, rssAfter, entriesAfter));
        return samples;
    }

    @Test
    void flatMeansEverySampleAfterWarmUpWithinFifteenPercentOfTheReference() {
        SoakRun.Verdict flat = SoakRun.Verdict.of(soak(114, 522, 114_000), 1_000);

        assertThat(flat.heapReference()).isEqualTo(100e6);
        assertThat(flat.rssReference()).isEqualTo(600e6);
        assertThat(flat.heapMaxDeviation()).isEqualTo(0.14, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(flat.rssMaxDeviation()).isEqualTo(0.13, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(flat.heapFlat()).isTrue();
        assertThat(flat.rssFlat()).isTrue();
        assertThat(flat.bounded("auth-by-user-state")).isTrue();
        assertThat(flat.keysReferenceAndMax().get("auth-by-user-state")).containsExactly(100_000, 114_000, 114_000);
    }

    @Test
    void growthBeyondFifteenPercentOfHeapRssOrEntriesIsNotFlat() {
        SoakRun.Verdict grew = SoakRun.Verdict.of(soak(116, 700, 120_000), 1_000);

        assertThat(grew.heapFlat()).isFalse();
        assertThat(grew.rssFlat()).isFalse();
        assertThat(grew.bounded("auth-by-user-state")).isFalse();
        // A store of a handful of keys (the platform) is never judged for growth.
        assertThat(grew.bounded("auth-by-platform-state")).isTrue();
    }

    @Test
    void theWarmUpItselfIsNotJudged() {
        // The early samples at 40 MB heap and 300 MB RSS are far below the reference and do not count.
        SoakRun.Verdict v = SoakRun.Verdict.of(soak(100, 600, 100_000), 1_000);

        assertThat(v.warmUpIndex()).isEqualTo(3);
        assertThat(v.heapMaxDeviation()).isEqualTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(v.heapFlat()).isTrue();
    }
}
