package io.breachwatch.bench.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveReportTest {

    private static CatchUpRun.Result run(String kind, int number, double seconds) {
        return new CatchUpRun.Result(kind, number, 1_000_000, 241_000_000, 3.0, seconds, 0, 0, 0, Map.of(),
                Map.of(), 0, -1, -1, -1, Map.of(), 1.0);
    }

    /** A run with every memory figure set, distinct per run so that a mixed-up column shows. */
    private static CatchUpRun.Result measured(String kind, int number, double seconds, long heapMb, long rssMb,
                                              long stateMb, double load) {
        return new CatchUpRun.Result(kind, number, 1_000_000, 250_000_000, 3.0, seconds, heapMb * 1_000_000,
                heapMb * 100_000, rssMb * 1_000_000, Map.of("a-store", stateMb * 1_000_000), Map.of("a-store", 7L),
                0, -1, -1, -1, Map.of(), load);
    }

    private static ReplayRun.Result replay(int number, double seconds) {
        return new ReplayRun.Result(number, 1_000_000, 250_000_000, seconds, 12, 150_000_000, 300_000_000, 2.0);
    }

    private static LatencyRun.Result latency(int number, List<Double> latencies, int probes) {
        return new LatencyRun.Result(number, 10_000, 300_000, 10_000, 5, latencies, probes,
                probes - latencies.size(), 0, 200_000_000, 400_000_000, 1.0);
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

    /** The cells of a table line, trimmed. */
    private static List<String> cells(String line) {
        return java.util.Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim)
                .toList();
    }

    private static LiveReport threeKinds() {
        // Baseline 100k, 50k, 25k events/s (1M events of 250 MB in 10, 20, 40 s); breachwatch 20k; replay 250k, 200k.
        return new LiveReport(
                List.of(measured(CatchUpRun.BASELINE, 1, 10, 300, 600, 2, 1.5),
                        measured(CatchUpRun.BASELINE, 2, 20, 320, 640, 3, 2.5),
                        measured(CatchUpRun.BASELINE, 3, 40, 310, 620, 4, 3.5)),
                List.of(measured(CatchUpRun.BREACHWATCH, 1, 50, 400, 700, 10, 1.0)),
                List.of(), List.of(replay(1, 4), replay(2, 5)));
    }

    @Test
    void theSummaryTableShowsMedianAndRangeOfEveryFigurePerKind() {
        List<String> lines = threeKinds().summaryTable();

        assertThat(cells(lines.get(0))).containsExactly("measurement", "runs", "events/s: median (range)", "MB/s",
                "peak heap MB", "peak RSS MB", "state on disk MB", "load (1 min)");
        assertThat(lines.stream().skip(2).map(LiveReportTest::cells).toList()).containsExactly(
                List.of("bare baseline (through broker)", "3", "50,000 (25,000 .. 100,000)",
                        "12.50 (6.25 .. 25.00)", "310 (300 .. 320)", "620 (600 .. 640)", "3.0 (2.0 .. 4.0)",
                        "2.5 (1.5 .. 3.5)"),
                List.of("breachwatch, full catalogue (through broker)", "1", "20,000 (20,000 .. 20,000)",
                        "5.00 (5.00 .. 5.00)", "400 (400 .. 400)", "700 (700 .. 700)", "10.0 (10.0 .. 10.0)",
                        "1.0 (1.0 .. 1.0)"),
                List.of("offline replay (breachwatch replay, JSONL)", "2", "225,000 (200,000 .. 250,000)",
                        "56.25 (50.00 .. 62.50)", "150 (150 .. 150)", "300 (300 .. 300)", "-", "2.0 (2.0 .. 2.0)"));
    }

    @Test
    void theJsonHoldsTheMediansAndRangesAsNumbersAndTheRatio() {
        Map<String, Object> medians = threeKinds().medians();

        assertThat(medians).containsOnlyKeys("baseline", "breachwatch", "ratio_breachwatch_to_baseline", "replay");
        assertThat(medians.get("ratio_breachwatch_to_baseline")).isEqualTo(0.4);
        assertThat(medians.get("baseline")).isEqualTo(Map.of(
                "runs", 3,
                "events_per_second", Map.of("median", 50_000.0, "min", 25_000.0, "max", 100_000.0),
                "mb_per_second", Map.of("median", 12.5, "min", 6.25, "max", 25.0),
                "peak_heap_bytes", Map.of("median", 310e6, "min", 300e6, "max", 320e6),
                "peak_rss_bytes", Map.of("median", 620e6, "min", 600e6, "max", 640e6),
                "state_bytes", Map.of("median", 3e6, "min", 2e6, "max", 4e6),
                "load_1m", Map.of("median", 2.5, "min", 1.5, "max", 3.5)));
        assertThat(medians.get("replay")).isEqualTo(Map.of(
                "runs", 2,
                "events_per_second", Map.of("median", 225_000.0, "min", 200_000.0, "max", 250_000.0),
                "mb_per_second", Map.of("median", 56.25, "min", 50.0, "max", 62.5),
                "peak_heap_bytes", Map.of("median", 150e6, "min", 150e6, "max", 150e6),
                "peak_rss_bytes", Map.of("median", 300e6, "min", 300e6, "max", 300e6)));
    }

    @Test
    void theLatencyTableEndsWithTheMedianAndRangeOfTheRunsPercentiles() {
        LiveReport report = new LiveReport(List.of(), List.of(), List.of(latency(1, from(100, 31), 31),
                latency(2, from(200, 31), 31), latency(3, from(1_000, 31), 31)), List.of());

        List<String> last = cells(report.latencyRuns().get(report.latencyRuns().size() - 1));

        // Runs' p50: 115, 215, 1,015; p99 = max: 130, 230, 1,030.
        assertThat(last).containsExactly("median (range)", "10,000 (10,000 .. 10,000)", "-", "-", "-",
                "215 (115 .. 1,015)", "230 (130 .. 1,030)", "230 (130 .. 1,030)", "-", "200 (200 .. 200)",
                "400 (400 .. 400)", "1.0 (1.0 .. 1.0)");
    }
}
