package io.breachwatch.bench.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddNumberOfRunsIsTheMiddleOneAndTheRangeItsExtremes() {
        Stats.Spread s = Stats.Spread.of(List.of(30.0, 10.0, 20.0));

        assertThat(s).isEqualTo(new Stats.Spread(20.0, 10.0, 30.0));
        assertThat(s.format("%,.0f")).isEqualTo("20 (10 .. 30)");
    }

    @Test
    void medianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
        assertThat(Stats.Spread.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(new Stats.Spread(2.5, 1.0, 4.0));
    }

    @Test
    void percentilesAreNearestRankSoEveryOneIsAnObservedLatency() {
        // 1..100 shuffled: the p-th percentile of 100 distinct samples is the p-th smallest.
        List<Double> samples = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            samples.add((double) i);
        }
        Collections.shuffle(samples, new java.util.Random(7));

        assertThat(Stats.percentile(samples, 50)).isEqualTo(50.0);
        assertThat(Stats.percentile(samples, 99)).isEqualTo(99.0);
        assertThat(Stats.percentile(samples, 100)).isEqualTo(100.0);
        assertThat(Stats.percentile(samples, 0.5)).isEqualTo(1.0);
    }

    @Test
    void withFewerThanAHundredSamplesP99IsTheMaximum() {
        // 31 probes, as one 30-second latency run sends: rank ceil(0.99 * 31) = 31.
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            samples.add(100.0 + i);
        }

        assertThat(Stats.percentile(samples, 99)).isEqualTo(130.0);
        assertThat(Stats.percentile(samples, 50)).isEqualTo(115.0);
    }

    @Test
    void percentilesRefuseNoSamplesAndOutOfRangeRanks() {
        assertThatThrownBy(() -> Stats.percentile(List.of(), 50)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no samples");
        assertThatThrownBy(() -> Stats.percentile(List.of(1.0), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(List.of(1.0), 100.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
