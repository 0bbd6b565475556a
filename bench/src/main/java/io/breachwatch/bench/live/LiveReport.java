package io.breachwatch.bench.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns the runs of one {@code live} invocation into the tables printed on stdout and the figures written as JSON:
 * per kind the median and range of every measurement, the breachwatch/baseline ratio, latency percentiles, and the
 * verdict against each target of the performance issue.
 */
final class LiveReport {
    /** Full catalogue against the bare baseline measured in the same run. */
    static final double TARGET_RATIO = 0.5;
    /** p99 event-to-alert latency at 10,000 events/s, exactly_once_v2. */
    static final double TARGET_P99_MS = 500;
    /** Offline replay of canonical JSONL with the full catalogue. */
    static final double TARGET_REPLAY = 300_000;

    private final List<CatchUpRun.Result> baseline;
    private final List<CatchUpRun.Result> breachwatch;
    private final List<LatencyRun.Result> latency;
    private final List<ReplayRun.Result> replay;

    LiveReport(List<CatchUpRun.Result> baseline, List<CatchUpRun.Result> breachwatch,
               List<LatencyRun.Result> latency, List<ReplayRun.Result> replay) {
        this.baseline = baseline;
        this.breachwatch = breachwatch;
        this.latency = latency;
        this.replay = replay;
    }

    static String mb(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%,.0f", bytes / 1e6);
    }

    static String count(long n) {
        return n < 0 ? "-" : String.format(Locale.ROOT, "%,d", n);
    }

    static String fixed(double x, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", x);
    }

    private static <T> Stats.Spread spread(List<T> runs, ToDoubleFunction<T> value) {
        return Stats.Spread.of(runs.stream().map(r -> value.applyAsDouble(r)).toList());
    }

    /** Median and range per kind of run. */
    List<String> summaryTable() {
        TextTable t = new TextTable("measurement", "runs>", "events/s: median (range)>", "MB/s>", "peak heap MB>",
                "peak RSS MB>", "state on disk MB>", "load (1 min)>");
        for (List<CatchUpRun.Result> runs : List.of(baseline, breachwatch)) {
            if (!runs.isEmpty()) {
                t.row(runs.get(0).kind().equals(CatchUpRun.BASELINE) ? "bare baseline (through broker)"
                                : "breachwatch, full catalogue (through broker)", Integer.toString(runs.size()),
                        spread(runs, CatchUpRun.Result::eventsPerSecond).format("%,.0f"),
                        spread(runs, CatchUpRun.Result::megabytesPerSecond).format("%.2f"),
                        spread(runs, r -> r.peakHeapBytes() / 1e6).format("%,.0f"),
                        spread(runs, r -> r.rssPeakBytes() / 1e6).format("%,.0f"),
                        spread(runs, r -> r.stateBytes() / 1e6).format("%,.1f"),
                        spread(runs, CatchUpRun.Result::load1m).format("%.1f"));
            }
        }
        if (!replay.isEmpty()) {
            t.row("offline replay (breachwatch replay, JSONL)", Integer.toString(replay.size()),
                    spread(replay, ReplayRun.Result::eventsPerSecond).format("%,.0f"),
                    spread(replay, ReplayRun.Result::megabytesPerSecond).format("%.2f"),
                    spread(replay, r -> r.peakHeapBytes() / 1e6).format("%,.0f"),
                    spread(replay, r -> r.rssPeakBytes() / 1e6).format("%,.0f"), "-",
                    spread(replay, ReplayRun.Result::load1m).format("%.1f"));
        }
        return t.lines();
    }

    List<String> catchUpRuns() {
        TextTable t = new TextTable("run", "kind", "events/s>", "MB/s>", "start-up s>", "catch-up s>",
                "peak heap MB>", "live heap MB>", "peak RSS MB>", "state MB>", "dropped>", "events in>", "alerts>",
                "dead letters>", "load>");
        for (CatchUpRun.Result r : interleaved()) {
            t.row(Integer.toString(r.number()), r.kind(), fixed(r.eventsPerSecond(), 0),
                    fixed(r.megabytesPerSecond(), 2), fixed(r.startupSeconds(), 1), fixed(r.seconds(), 1),
                    mb(r.peakHeapBytes()), mb(r.liveHeapBytes()), mb(r.rssPeakBytes()), fixed(r.stateBytes() / 1e6, 1),
                    fixed(r.droppedRecords(), 0), count(r.eventsRead()), count(r.alerts()), count(r.deadLetters()),
                    fixed(r.load1m(), 1));
        }
        return t.lines();
    }

    List<String> latencyRuns() {
        TextTable t = new TextTable("run", "sent events/s>", "max send lag ms>", "probes>", "alerts read>",
                "p50 ms>", "p99 ms>", "max ms>", "lag at end>", "peak heap MB>", "peak RSS MB>", "load>");
        for (LatencyRun.Result r : latency) {
            List<Double> l = r.latenciesMs();
            t.row(Integer.toString(r.number()), fixed(r.sentRate(), 0), fixed(r.maxSendLagMs(), 0),
                    Integer.toString(r.probes()), Integer.toString(l.size()),
                    l.isEmpty() ? "-" : fixed(Stats.percentile(l, 50), 0),
                    l.isEmpty() ? "-" : fixed(Stats.percentile(l, 99), 0),
                    l.isEmpty() ? "-" : fixed(Stats.percentile(l, 100), 0), count(r.lagAtEnd()),
                    mb(r.peakHeapBytes()), mb(r.rssPeakBytes()), fixed(r.load1m(), 1));
        }
        List<LatencyRun.Result> alerted = latency.stream().filter(r -> !r.latenciesMs().isEmpty()).toList();
        if (!alerted.isEmpty()) {
            t.row("median (range)", spread(latency, LatencyRun.Result::sentRate).format("%,.0f"), "-", "-", "-",
                    spread(alerted, r -> Stats.percentile(r.latenciesMs(), 50)).format("%,.0f"),
                    spread(alerted, r -> Stats.percentile(r.latenciesMs(), 99)).format("%,.0f"),
                    spread(alerted, r -> Stats.percentile(r.latenciesMs(), 100)).format("%,.0f"), "-",
                    spread(latency, r -> r.peakHeapBytes() / 1e6).format("%,.0f"),
                    spread(latency, r -> r.rssPeakBytes() / 1e6).format("%,.0f"),
                    spread(latency, LatencyRun.Result::load1m).format("%.1f"));
        }
        return t.lines();
    }

    List<String> replayRuns() {
        TextTable t = new TextTable("run", "events>", "seconds>", "events/s>", "MB/s>", "alerts>", "peak heap MB>",
                "peak RSS MB>", "load>");
        for (ReplayRun.Result r : replay) {
            t.row(Integer.toString(r.number()), count(r.events()), fixed(r.seconds(), 2),
                    fixed(r.eventsPerSecond(), 0), fixed(r.megabytesPerSecond(), 2), count(r.alerts()),
                    mb(r.peakHeapBytes()), mb(r.rssPeakBytes()), fixed(r.load1m(), 1));
        }
        return t.lines();
    }

    /** The headline figures and the verdict against each target, one per line. */
    Map<String, String> verdicts() {
        Map<String, String> v = new LinkedHashMap<>();
        if (!baseline.isEmpty() && !breachwatch.isEmpty()) {
            double ratio = ratioOfMedians();
            List<Double> pairs = new ArrayList<>();
            for (int i = 0; i < Math.min(baseline.size(), breachwatch.size()); i++) {
                pairs.add(breachwatch.get(i).eventsPerSecond() / baseline.get(i).eventsPerSecond());
            }
            Stats.Spread p = Stats.Spread.of(pairs);
            v.put("ratio breachwatch / baseline", String.format(Locale.ROOT,
                    "%.2f (of medians; run by run %.2f .. %.2f): target >= %.1f %s", ratio, p.min(), p.max(),
                    TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "MISSED"));
        }
        if (!latency.isEmpty()) {
            List<Double> pooled = LatencyRun.pooled(latency);
            int probes = latency.stream().mapToInt(LatencyRun.Result::probes).sum();
            int missed = latency.stream().mapToInt(LatencyRun.Result::missed).sum();
            if (pooled.isEmpty()) {
                v.put("event-to-alert latency", "no probe alert was read: target MISSED");
            } else {
                double p99 = Stats.percentile(pooled, 99);
                v.put("event-to-alert latency", String.format(Locale.ROOT,
                        "p50 %,.0f ms, p99 %,.0f ms, max %,.0f ms over %d of %d probes (%d runs; median of runs' p99 "
                                + "%s ms) at %,.0f events/s requested: target p99 <= %.0f ms %s",
                        Stats.percentile(pooled, 50), p99, Stats.percentile(pooled, 100), pooled.size(), probes,
                        latency.size(), spread(latency.stream().filter(r -> !r.latenciesMs().isEmpty()).toList(),
                                r -> Stats.percentile(r.latenciesMs(), 99)).format("%,.0f"),
                        latency.get(0).targetRate(), TARGET_P99_MS,
                        p99 <= TARGET_P99_MS && missed == 0 ? "met" : "MISSED"
                                + (missed > 0 ? " (" + missed + " probes raised no readable alert)" : "")));
            }
        }
        if (!replay.isEmpty()) {
            double median = spread(replay, ReplayRun.Result::eventsPerSecond).median();
            v.put("offline replay", String.format(Locale.ROOT, "%,.0f events/s (median): target >= %,.0f %s",
                    median, TARGET_REPLAY, median >= TARGET_REPLAY ? "met" : "MISSED"));
        }
        return v;
    }

    double ratioOfMedians() {
        return spread(breachwatch, CatchUpRun.Result::eventsPerSecond).median()
                / spread(baseline, CatchUpRun.Result::eventsPerSecond).median();
    }

    /** Everything measured, for the JSON file. */
    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (CatchUpRun.Result r : interleaved()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", r.kind());
            m.put("run", r.number());
            m.put("events", r.events());
            m.put("bytes", r.bytes());
            m.put("startup_seconds", round(r.startupSeconds(), 3));
            m.put("catch_up_seconds", round(r.seconds(), 3));
            m.put("events_per_second", Math.round(r.eventsPerSecond()));
            m.put("mb_per_second", round(r.megabytesPerSecond(), 2));
            m.put("peak_heap_bytes", r.peakHeapBytes());
            m.put("live_heap_bytes_at_end", r.liveHeapBytes());
            m.put("peak_rss_bytes", r.rssPeakBytes());
            m.put("state_bytes", r.stateBytes());
            m.put("state_bytes_by_store", r.stateBytesByStore());
            m.put("entries_by_store", r.keysByStore());
            m.put("dropped_records", r.droppedRecords());
            m.put("events_counted_in", r.eventsRead());
            m.put("alerts", r.alerts());
            m.put("dead_letters", r.deadLetters());
            m.put("dead_letters_by_reason", r.deadLettersByReason());
            m.put("load_1m", r.load1m());
            runs.add(m);
        }
        out.put("throughput_runs", runs);
        List<Map<String, Object>> lat = new ArrayList<>();
        for (LatencyRun.Result r : latency) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", r.number());
            m.put("target_events_per_second", r.targetRate());
            m.put("sent_events", r.eventsSent());
            m.put("sent_events_per_second", Math.round(r.sentRate()));
            m.put("max_send_lag_ms", round(r.maxSendLagMs(), 1));
            m.put("probes", r.probes());
            m.put("probes_alerted", r.latenciesMs().size());
            if (!r.latenciesMs().isEmpty()) {
                m.put("p50_ms", round(Stats.percentile(r.latenciesMs(), 50), 1));
                m.put("p99_ms", round(Stats.percentile(r.latenciesMs(), 99), 1));
                m.put("max_ms", round(Stats.percentile(r.latenciesMs(), 100), 1));
            }
            m.put("latencies_ms", r.latenciesMs().stream().map(x -> round(x, 1)).toList());
            m.put("uncommitted_records_when_sending_stopped", r.lagAtEnd());
            m.put("peak_heap_bytes", r.peakHeapBytes());
            m.put("peak_rss_bytes", r.rssPeakBytes());
            m.put("load_1m", r.load1m());
            lat.add(m);
        }
        out.put("latency_runs", lat);
        List<Map<String, Object>> rep = new ArrayList<>();
        for (ReplayRun.Result r : replay) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", r.number());
            m.put("events", r.events());
            m.put("bytes", r.bytes());
            m.put("seconds", round(r.seconds(), 3));
            m.put("events_per_second", Math.round(r.eventsPerSecond()));
            m.put("mb_per_second", round(r.megabytesPerSecond(), 2));
            m.put("alerts", r.alerts());
            m.put("peak_heap_bytes", r.peakHeapBytes());
            m.put("peak_rss_bytes", r.rssPeakBytes());
            m.put("load_1m", r.load1m());
            rep.add(m);
        }
        out.put("replay_runs", rep);
        out.put("medians", medians());
        out.put("summary", verdicts());
        return out;
    }

    /** The medians and ranges the tables show, as numbers. */
    Map<String, Object> medians() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (List<CatchUpRun.Result> runs : List.of(baseline, breachwatch)) {
            if (!runs.isEmpty()) {
                Map<String, Object> k = new LinkedHashMap<>();
                k.put("runs", runs.size());
                k.put("events_per_second", json(spread(runs, CatchUpRun.Result::eventsPerSecond), 0));
                k.put("mb_per_second", json(spread(runs, CatchUpRun.Result::megabytesPerSecond), 2));
                k.put("peak_heap_bytes", json(spread(runs, CatchUpRun.Result::peakHeapBytes), 0));
                k.put("peak_rss_bytes", json(spread(runs, CatchUpRun.Result::rssPeakBytes), 0));
                k.put("state_bytes", json(spread(runs, CatchUpRun.Result::stateBytes), 0));
                k.put("load_1m", json(spread(runs, CatchUpRun.Result::load1m), 2));
                m.put(runs.get(0).kind(), k);
            }
        }
        if (!baseline.isEmpty() && !breachwatch.isEmpty()) {
            m.put("ratio_breachwatch_to_baseline", round(ratioOfMedians(), 3));
        }
        List<LatencyRun.Result> alerted = latency.stream().filter(r -> !r.latenciesMs().isEmpty()).toList();
        if (!alerted.isEmpty()) {
            Map<String, Object> k = new LinkedHashMap<>();
            List<Double> pooled = LatencyRun.pooled(latency);
            k.put("runs", latency.size());
            k.put("pooled_p50_ms", round(Stats.percentile(pooled, 50), 1));
            k.put("pooled_p99_ms", round(Stats.percentile(pooled, 99), 1));
            k.put("pooled_max_ms", round(Stats.percentile(pooled, 100), 1));
            k.put("p50_ms", json(spread(alerted, r -> Stats.percentile(r.latenciesMs(), 50)), 1));
            k.put("p99_ms", json(spread(alerted, r -> Stats.percentile(r.latenciesMs(), 99)), 1));
            k.put("max_ms", json(spread(alerted, r -> Stats.percentile(r.latenciesMs(), 100)), 1));
            k.put("probes_missed", latency.stream().mapToInt(LatencyRun.Result::missed).sum());
            k.put("peak_heap_bytes", json(spread(latency, LatencyRun.Result::peakHeapBytes), 0));
            k.put("peak_rss_bytes", json(spread(latency, LatencyRun.Result::rssPeakBytes), 0));
            m.put("latency", k);
        }
        if (!replay.isEmpty()) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("runs", replay.size());
            k.put("events_per_second", json(spread(replay, ReplayRun.Result::eventsPerSecond), 0));
            k.put("mb_per_second", json(spread(replay, ReplayRun.Result::megabytesPerSecond), 2));
            k.put("peak_heap_bytes", json(spread(replay, ReplayRun.Result::peakHeapBytes), 0));
            k.put("peak_rss_bytes", json(spread(replay, ReplayRun.Result::rssPeakBytes), 0));
            m.put("replay", k);
        }
        return m;
    }

    private static Map<String, Object> json(Stats.Spread s, int decimals) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", round(s.median(), decimals));
        m.put("min", round(s.min(), decimals));
        m.put("max", round(s.max(), decimals));
        return m;
    }

    private List<CatchUpRun.Result> interleaved() {
        List<CatchUpRun.Result> all = new ArrayList<>();
        for (int i = 0; i < Math.max(baseline.size(), breachwatch.size()); i++) {
            if (i < baseline.size()) {
                all.add(baseline.get(i));
            }
            if (i < breachwatch.size()) {
                all.add(breachwatch.get(i));
            }
        }
        return all;
    }

    static double round(double x, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(x * scale) / scale;
    }
}
