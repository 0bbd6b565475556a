package io.breachwatch.bench.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveReportTest {

    private static CatchUpRun.Result run(String kind, int number, double seconds) {
        return new CatchUpRun.Result(kind, number, 1_000_000, 241_000_000, 3.0, seconds, 0, 0, 0, Map.of(), 0,
                -1, -1, -1, Map.of(), 1.0);
    }

    private static LatencyRun.Result latency(int number, List<Double> latencies, int probes) {
        return new LatencyRun.Result(number, 10_000, 300_000, 10_000, 5, latencies, probes,
                probes - latencies.size(), 0, 1.0);
    }

    private static List<Double> from(double first, int n) {
        List<Double> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(first + i);
        }
        return l;
    }

    @Test
    void theRatioIsOfTheMediansAndTheRunByRunRangeIsShownBeside() {
        // Baseline 50k, 40k, 25k events/s; breachwatch 20k, 25k, 10k: medians 40k and 20k.
        LiveReport report = new LiveReport(
                List.of(run(CatchUpRun.BASELINE, 1, 20), run(CatchUpRun.BASELINE, 2, 25),
                        run(CatchUpRun.BASELINE, 3, 40)),
                List.of(run(CatchUpRun.BREACHWATCH, 1, 50), run(CatchUpRun.BREACHWATCH, 2, 40),
                        run(CatchUpRun.BREACHWATCH, 3, 100)),
                List.of(), List.of());

        assertThat(report.ratioOfMedians()).isEqualTo(0.5);
        assertThat(report.verdicts()).containsExactly(Map.entry("ratio breachwatch / baseline",
                "0.50 (of medians; run by run 0.40 .. 0.63): target >= 0.5 met"));
    }

    @Test
    void latencyIsJudgedOnThePooledP99AndAMissingAlertMissesTheTarget() {
        LiveReport met = new LiveReport(List.of(), List.of(), List.of(latency(1, from(100, 31), 31),
                latency(2, from(200, 31), 31), latency(3, from(300, 31), 31)), List.of());
        LiveReport missed = new LiveReport(List.of(), List.of(), List.of(latency(1, from(100, 30), 31)), List.of());

        assertThat(met.verdicts().get("event-to-alert latency")).isEqualTo("p50 215 ms, p99 330 ms, max 330 ms "
                + "over 93 of 93 probes (3 runs; median of runs' p99 230 (130 .. 330) ms) at 10,000 events/s "
                + "requested: target p99 <= 500 ms met");
        assertThat(missed.verdicts().get("event-to-alert latency"))
                .endsWith("target p99 <= 500 ms MISSED (1 probes raised no readable alert)");
    }
}
