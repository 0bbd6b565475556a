package io.breachwatch.bench.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.detector.simulate.Population;
import io.breachwatch.detector.simulate.SimulatedEvent;
import io.breachwatch.detector.simulate.Simulation;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.NetworkEvent;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The memory soak: a long backlog with a large cast (by default 20 million events over 10 hours of event time from a
 * platform of 1 million users, each with a home address), produced first, then processed by breachwatch with the full
 * catalogue, in a JVM of its own, from the beginning, as fast as it goes. Every few seconds it samples that JVM's live
 * heap (after a full collection) and RSS, each store's entries (counted) and size on disk. After the
 * warm-up (the first quarter of the events: 2.5 hours of event time by default, over three times the longest retention
 * of the per-user and per-address state the large cast inflates) heap and RSS must stay within ±15 % of their level
 * just after it, and the stores' entries must stay bounded by what their retention keeps, far below the distinct
 * users and addresses fed.
 */
final class SoakRun {
    /** Share of the events treated as warm-up. */
    static final double WARM_UP_SHARE = 0.25;
    /** The reference level is the median of the samples between the end of warm-up and this share. */
    static final double REFERENCE_END_SHARE = 0.35;
    static final double TOLERANCE = 0.15;
    /** Stores this small are not judged for growth: a handful of vendors, hosts or the one platform key. */
    static final long SMALL_STORE_KEYS = 10_000;
    /** The simulator's limits ({@code Population.Settings}). */
    static final int MAX_VENDORS = 1_000;
    static final int MAX_FIRST_PARTY_CLIENTS = 100;

    /**
     * What to soak.
     *
     * @param events       events to produce and process
     * @param users        simulated users (each with a home address; one in five behind an office NAT address)
     * @param span         event time the events span, ending now
     * @param partitions   partitions per topic
     * @param threads      num.stream.threads
     * @param seed         simulator seed
     * @param sampleEvery  time between samples
     */
    record Settings(long events, int users, Duration span, int partitions, int threads, long seed,
                    Duration sampleEvery) {
    }

    /**
     * One sample.
     *
     * @param seconds        since the detector reached RUNNING
     * @param eventsIn       events the detector has counted in
     * @param liveHeapBytes  heap in use after a full collection
     * @param gcMillis       how long that collection took (the soak's own overhead)
     * @param rssBytes       resident set size of the detector's JVM
     * @param keysByStore    entries per store, counted ({@link StoreEntries})
     * @param gaugeEntriesByStore the detector's own {@code breachwatch.state.store.entries} gauge per store
     * @param estimatedKeysByStore RocksDB's estimate of the keys per store (counts overwrites until compaction)
     * @param nativeBytes    RocksDB block caches and memtables, all stores
     * @param diskByStore    state directory bytes per store
     * @param lag            records not yet committed (inputs and repartitions)
     * @param state          the Kafka Streams client's state
     * @param load1m         one-minute load average
     */
    record Sample(double seconds, long eventsIn, long liveHeapBytes, double gcMillis, long rssBytes,
                  Map<String, Long> keysByStore, Map<String, Long> gaugeEntriesByStore,
                  Map<String, Long> estimatedKeysByStore, long nativeBytes, Map<String, Long> diskByStore, long lag,
                  String state, double load1m) {
    }

    private final LocalKafka kafka;
    private final Settings settings;
    private final Path workDir;
    private final List<String> javaOptions;
    private final PrintStream log;

    SoakRun(LocalKafka kafka, Settings settings, Path workDir, List<String> javaOptions, PrintStream log) {
        this.kafka = kafka;
        this.settings = settings;
        this.workDir = workDir;
        this.javaOptions = javaOptions;
        this.log = log;
    }

    /** Distinct entities in what was produced, and how they accumulated. */
    private static final class Cast implements Consumer<SimulatedEvent> {
        final Set<String> users = new HashSet<>();
        final Set<String> sourceAddresses = new HashSet<>();
        final Set<String> clients = new HashSet<>();
        final Set<String> hosts = new HashSet<>();
        final Set<String> destinations = new HashSet<>();
        final List<Map<String, Object>> growth = new ArrayList<>();
        final long step;
        long seen;

        Cast(long events) {
            step = Math.max(1, events / 20);
        }

        @Override
        public void accept(SimulatedEvent e) {
            if (e.event() instanceof AuthEvent a) {
                if (a.user() != null) {
                    users.add(a.user());
                }
                sourceAddresses.add(a.sourceIp());
            } else if (e.event() instanceof ApiCallEvent c) {
                clients.add(c.clientId());
                sourceAddresses.add(c.sourceIp());
            } else if (e.event() instanceof NetworkEvent n) {
                hosts.add(n.srcIp());
                destinations.add(n.dstIp());
            }
            if (++seen % step == 0) {
                Map<String, Object> point = counts();
                point.put("events", seen);
                point.put("event_time", e.timestamp().toString());
                growth.add(point);
            }
        }

        Map<String, Object> counts() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("users", users.size());
            c.put("source_addresses", sourceAddresses.size());
            c.put("api_clients", clients.size());
            c.put("hosts", hosts.size());
            c.put("flow_destinations", destinations.size());
            return c;
        }
    }

    /** The produced backlog and what it holds. */
    private record Backlog(LiveCorpus corpus, double rate, Map<String, Object> distinct,
                           List<Map<String, Object>> growth) {
    }

    /** Produces the events; the simulation and the distinct-entity sets are garbage once this returns. */
    private Backlog produce(String runId) throws java.io.IOException {
        double rate = settings.events() / (double) settings.span().toSeconds();
        // As many API clients as the simulator's platform can have (1,000 vendors, 100 first-party clients): API
        // calls are keyed by client, and a million distinct clients is beyond what the simulator models.
        Population.Settings cast = new Population.Settings(settings.users(), MAX_VENDORS, MAX_FIRST_PARTY_CLIENTS,
                Population.Settings.DEFAULT.hosts());
        Simulation simulation = Simulation.create(Simulation.Settings.of("march-incident",
                Instant.now().minus(settings.span())).withSeed(settings.seed()).withRate(rate).withPopulation(cast));
        log.printf("soak: producing %,d events (march-incident, %,d users, %.0f background events/s of event time "
                + "over %s ending now)...%n", settings.events(), settings.users(), rate, settings.span());
        Cast fed = new Cast(settings.events());
        LiveCorpus corpus = LiveCorpus.produce(kafka, RunConfigs.inputs("soak-" + runId), settings.partitions(),
                simulation, settings.events(), null, fed, log);
        log.printf("soak: produced %,d events (%,.0f MB) in %.0f s; distinct: %s%n", corpus.events(),
                corpus.bytes() / 1e6, corpus.seconds(), fed.counts());
        return new Backlog(corpus, rate, fed.counts(), fed.growth);
    }

    int run(String runId, Map<String, Object> machine, Path json) throws Exception {
        long soakStarted = System.nanoTime();
        Backlog backlog = produce(runId);
        LiveCorpus corpus = backlog.corpus();
        Map<String, Object> distinct = backlog.distinct();
        double rate = backlog.rate();

        String applicationId = "bench-soak-" + runId;
        Path stateDir = workDir.resolve("state").resolve(applicationId);
        DetectorConfig config = RunConfigs.create(kafka, applicationId, corpus.topics(), settings.partitions(),
                settings.threads(), Map.of(), stateDir);
        List<String> args = new ArrayList<>(List.of("--kind", ChildApp.BREACHWATCH));
        args.addAll(RunConfigs.asArguments(RunConfigs.overrides(kafka.bootstrapServers(), applicationId, corpus.topics(),
                settings.partitions(), settings.threads(), Map.of(), stateDir)));
        Files.createDirectories(stateDir.getParent());
        List<Sample> samples = new ArrayList<>();
        Map<String, Long> exactKeys = new TreeMap<>();
        double processSeconds;
        try (ChildApp detector = ChildApp.start(javaOptions, args, workDir.resolve(applicationId + ".log"))) {
            detector.await("running", Duration.ofMinutes(3));
            long running = System.nanoTime();
            List<String> consumed = CatchUp.consumedTopics(kafka.admin(), applicationId, config.topics().inputs());
            long deadline = running + TimeUnit.HOURS.toNanos(6);
            while (true) {
                long sampleStart = System.nanoTime();
                Sample s = sample(detector.ask("deep-sample", "sample", Duration.ofMinutes(2)), stateDir,
                        applicationId, consumed, running);
                samples.add(s);
                log.printf(Locale.ROOT, "soak: %6.0f s %,11d events in (%4.1f %%)  live heap %,6.0f MB  RSS %,6.0f MB"
                                + "  rocksdb mem %,5.0f MB  state disk %,6.0f MB  entries %s  lag %,d  load %.1f%n",
                        s.seconds(), s.eventsIn(), 100.0 * s.eventsIn() / corpus.events(), s.liveHeapBytes() / 1e6,
                        s.rssBytes() / 1e6, s.nativeBytes() / 1e6, StateDirectory.total(s.diskByStore()) / 1e6,
                        s.keysByStore(), s.lag(), s.load1m());
                if (s.lag() == 0) {
                    processSeconds = s.seconds();
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the soak did not finish within 6 hours");
                }
                if (!s.state().equals("RUNNING") && !s.state().equals("REBALANCING")) {
                    throw new IllegalStateException("the detector stopped during the soak (" + s.state() + ")");
                }
                TimeUnit.NANOSECONDS.sleep(Math.max(0, settings.sampleEvery().toNanos()
                        - (System.nanoTime() - sampleStart)));
            }
            Map<?, ?> exact = (Map<?, ?>) detector.stop(Duration.ofMinutes(10)).get("entries_by_store");
            exact.forEach((store, n) -> exactKeys.put((String) store, ChildApp.asLong(n)));
        }
        StateDirectory.delete(stateDir);

        Verdict verdict = Verdict.of(samples, corpus.events());
        double totalMinutes = (System.nanoTime() - soakStarted) / 60e9;
        log.println();
        verdict.lines(exactKeys, distinct).forEach(log::println);
        log.printf(Locale.ROOT, "soak: took %.1f minutes in all: %.1f producing, %.1f processing (%,.0f events/s)%n",
                totalMinutes, corpus.seconds() / 60, processSeconds / 60, corpus.events() / processSeconds);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "breachwatch live --soak: memory under a large cast, full catalogue, through the broker");
        out.put("measured_at", Instant.now().toString());
        out.put("machine", machine);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("events", settings.events());
        s.put("users", settings.users());
        s.put("event_span_hours", settings.span().toHours());
        s.put("background_events_per_second_of_event_time", LiveReport.round(rate, 1));
        s.put("partitions", settings.partitions());
        s.put("num_stream_threads", settings.threads());
        s.put("seed", settings.seed());
        s.put("sample_seconds", settings.sampleEvery().toSeconds());
        s.put("warm_up_share_of_events", WARM_UP_SHARE);
        s.put("tolerance", TOLERANCE);
        out.put("settings", s);
        out.put("distinct_entities_fed", distinct);
        out.put("distinct_entities_growth", backlog.growth());
        out.put("minutes_total", LiveReport.round(totalMinutes, 1));
        out.put("minutes_producing", LiveReport.round(corpus.seconds() / 60, 1));
        out.put("minutes_processing", LiveReport.round(processSeconds / 60, 1));
        out.put("events_per_second_processing", Math.round(corpus.events() / processSeconds));
        out.put("entries_by_store_at_stop", exactKeys);
        out.put("verdict", verdict.json());
        out.put("samples", samples);
        Files.createDirectories(json.toAbsolutePath().getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), out);
        log.println("soak: samples and verdict written to " + json);
        List<String> doomed = new ArrayList<>(config.topics().inputs());
        doomed.addAll(RunConfigs.outputs(config.topics()));
        kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(applicationId + "-")).forEach(doomed::add);
        kafka.admin().deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
        return 0;
    }

    private Sample sample(Map<String, Object> child, Path stateDir, String applicationId, List<String> consumed,
                          long running) throws Exception {
        Map<String, Long> keys = new TreeMap<>();
        ((Map<?, ?>) child.get("entries_by_store")).forEach((store, n) -> keys.put((String) store, ChildApp.asLong(n)));
        Map<String, Long> gauge = new TreeMap<>();
        ((Map<?, ?>) child.get("detector_gauge_entries_by_store")).forEach((store, n) ->
                gauge.put((String) store, ChildApp.asLong(n)));
        Map<String, Long> estimated = new TreeMap<>();
        ((Map<?, ?>) child.get("estimated_keys_by_store")).forEach((store, n) ->
                estimated.put((String) store, ChildApp.asLong(n)));
        return new Sample((System.nanoTime() - running) / 1e9, ChildApp.asLong(child.get("events_in")),
                ChildApp.asLong(child.get("live_heap")), ChildApp.asDouble(child.get("gc_millis")),
                ChildApp.asLong(child.get("rss")), keys, gauge, estimated, ChildApp.asLong(child.get("native_bytes")),
                StateDirectory.bytesByStore(stateDir), CatchUp.lag(kafka.admin(), applicationId, consumed),
                (String) child.get("state"), LoadAverage.oneMinute());
    }

    /** Whether memory and state stayed flat after warm-up. */
    record Verdict(int warmUpIndex, int referenceEnd, double heapReference, double heapMaxDeviation,
                   double rssReference, double rssMaxDeviation, Map<String, long[]> keysReferenceAndMax,
                   double secondsWarmUp) {

        static Verdict of(List<Sample> samples, long events) {
            int warm = 0;
            while (warm < samples.size() - 1 && samples.get(warm).eventsIn() < WARM_UP_SHARE * events) {
                warm++;
            }
            int refEnd = warm;
            while (refEnd < samples.size() - 1 && samples.get(refEnd + 1).eventsIn() <= REFERENCE_END_SHARE * events) {
                refEnd++;
            }
            List<Sample> reference = samples.subList(warm, refEnd + 1);
            List<Sample> after = samples.subList(warm, samples.size());
            double heapRef = Stats.Spread.of(reference.stream().map(s -> (double) s.liveHeapBytes()).toList()).median();
            double rssRef = Stats.Spread.of(reference.stream().map(s -> (double) s.rssBytes()).toList()).median();
            double heapDev = after.stream().mapToDouble(s -> Math.abs(s.liveHeapBytes() / heapRef - 1)).max().orElse(0);
            double rssDev = after.stream().mapToDouble(s -> Math.abs(s.rssBytes() / rssRef - 1)).max().orElse(0);
            Map<String, long[]> keys = new TreeMap<>();
            for (String store : samples.get(samples.size() - 1).keysByStore().keySet()) {
                long ref = (long) Stats.Spread.of(reference.stream()
                        .map(s -> (double) s.keysByStore().getOrDefault(store, 0L)).toList()).median();
                long max = after.stream().mapToLong(s -> s.keysByStore().getOrDefault(store, 0L)).max().orElse(0);
                long end = samples.get(samples.size() - 1).keysByStore().getOrDefault(store, 0L);
                keys.put(store, new long[] {ref, max, end});
            }
            return new Verdict(warm, refEnd, heapRef, heapDev, rssRef, rssDev, keys, samples.get(warm).seconds());
        }

        boolean heapFlat() {
            return heapMaxDeviation <= TOLERANCE;
        }

        boolean rssFlat() {
            return rssMaxDeviation <= TOLERANCE;
        }

        /** A store is bounded when small, or when its largest key count after warm-up is within the tolerance. */
        boolean bounded(String store) {
            long[] k = keysReferenceAndMax.get(store);
            return k[1] <= SMALL_STORE_KEYS || k[1] <= (1 + TOLERANCE) * k[0];
        }

        List<String> lines(Map<String, Long> exactKeys, Map<String, Object> distinct) {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "soak: warm-up: the first %.0f %% of the events (%.0f s); reference: "
                    + "median of the samples up to %.0f %%", WARM_UP_SHARE * 100, secondsWarmUp,
                    REFERENCE_END_SHARE * 100));
            lines.add(String.format(Locale.ROOT, "soak: live heap after warm-up: reference %,.0f MB, largest "
                    + "deviation %+.1f %%: %s", heapReference / 1e6, heapMaxDeviation * 100,
                    heapFlat() ? "within ±15 %" : "NOT within ±15 %"));
            lines.add(String.format(Locale.ROOT, "soak: RSS after warm-up: reference %,.0f MB, largest deviation "
                    + "%+.1f %%: %s", rssReference / 1e6, rssMaxDeviation * 100,
                    rssFlat() ? "within ±15 %" : "NOT within ±15 %"));
            TextTable t = new TextTable("store", "entries at reference>", "max entries after warm-up>",
                    "entries at last sample>", "entries at stop>", "bounded");
            keysReferenceAndMax.forEach((store, k) -> t.row(store, LiveReport.count(k[0]), LiveReport.count(k[1]),
                    LiveReport.count(k[2]), LiveReport.count(exactKeys.getOrDefault(store, -1L)),
                    bounded(store) ? "yes" : "NO"));
            lines.addAll(t.lines());
            lines.add("soak: distinct entities fed: " + distinct);
            boolean allBounded = keysReferenceAndMax.keySet().stream().allMatch(this::bounded);
            lines.add("soak: state beyond retention purged: " + (allBounded ? "yes (every store bounded after warm-up)"
                    : "NO (see the stores marked NO)"));
            return lines;
        }

        Map<String, Object> json() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("warm_up_seconds", LiveReport.round(secondsWarmUp, 1));
            v.put("live_heap_reference_bytes", (long) heapReference);
            v.put("live_heap_max_deviation", LiveReport.round(heapMaxDeviation, 4));
            v.put("live_heap_within_tolerance", heapFlat());
            v.put("rss_reference_bytes", (long) rssReference);
            v.put("rss_max_deviation", LiveReport.round(rssMaxDeviation, 4));
            v.put("rss_within_tolerance", rssFlat());
            Map<String, Object> stores = new TreeMap<>();
            keysReferenceAndMax.forEach((store, k) -> stores.put(store, Map.of("entries_at_reference", k[0],
                    "max_entries_after_warm_up", k[1], "entries_at_last_sample", k[2], "bounded", bounded(store))));
            v.put("stores", stores);
            return v;
        }
    }
}
