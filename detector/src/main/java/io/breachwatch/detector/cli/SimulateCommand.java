package io.breachwatch.detector.cli;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.config.Durations;
import io.breachwatch.detector.simulate.AttackStage;
import io.breachwatch.detector.simulate.Population;
import io.breachwatch.detector.simulate.RealTimePacer;
import io.breachwatch.detector.simulate.Scenario;
import io.breachwatch.detector.simulate.Scenarios;
import io.breachwatch.detector.simulate.SimulatedEvent;
import io.breachwatch.detector.simulate.Simulation;
import io.breachwatch.detector.simulate.SimulationRun;
import io.breachwatch.schema.EventTimePolicy;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Topics;
import io.breachwatch.schema.json.EventJson;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sends simulated traffic (a scenario: normal background plus an attack) to the input topics. In real time by
 * default, each event stamped with the moment it is sent; with {@code --fast}, as fast as the broker takes it, with
 * event times from a virtual clock that starts {@code --duration} ago, so a day of history is one command. Producer
 * settings are those of a careful production producer: acks=all, idempotence, keys by entity.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Send simulated login, API and network traffic with an attack scenario to the input topics.")
final class SimulateCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    @Option(names = "--scenario", paramLabel = "NAME", description = "Scenario to run (see --list).")
    String scenario;

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Option(names = "--rate", defaultValue = "500", paramLabel = "EVENTS_PER_SECOND",
            description = "Background events per second of event time. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--duration", defaultValue = "5m", paramLabel = "DURATION",
            description = "Event time to simulate (e.g. 90s, 5m, 2h). Default: ${DEFAULT-VALUE}.")
    String duration;

    @Option(names = "--seed", defaultValue = "1", description = "Traffic seed; same seed, same traffic. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--fast", description = "Send as fast as possible, event times from a virtual clock starting "
            + "--duration ago (baselines can learn from hours of history in seconds).")
    boolean fast;

    @Option(names = "--attack-at", paramLabel = "DURATION",
            description = "When the attack starts, after the run's start. Default: half of --duration, at most 20m.")
    String attackAt;

    @Option(names = "--users", defaultValue = "5000", description = "Simulated users. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--vendors", defaultValue = "5",
            description = "Third-party API clients. Default: ${DEFAULT-VALUE}.")
    int vendors;

    @Option(names = "--hosts", defaultValue = "200", description = "Internal hosts. Default: ${DEFAULT-VALUE}.")
    int hosts;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            printList(out);
            return 0;
        }
        if (scenario == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Missing --scenario; one of: " + String.join(", ", Scenarios.names()));
        }
        Scenarios.named(scenario); // fails fast, naming the scenarios
        Duration runFor = Durations.parse("--duration", duration);
        if (runFor.isZero() || runFor.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be positive");
        }
        Duration attackOffset = attackAt != null ? Durations.parse("--attack-at", attackAt)
                : min(Simulation.Settings.DEFAULT_ATTACK_OFFSET, runFor.dividedBy(2));
        Population.Settings population = new Population.Settings(users, vendors,
                Population.Settings.DEFAULT.firstPartyClients(), hosts);
        DetectorConfig config = options.load();
        Clock wall = Clock.systemUTC();

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            stop.set(true);
            main.interrupt();
            try {
                // Let the run flush what it sent and print its summary before the JVM goes.
                finished.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "breachwatch-simulate-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(config),
                new StringSerializer(), new ByteArraySerializer())) {
            Topics topics = config.topics();
            // Connect before the clock starts: an unreachable broker or a missing topic fails here (within
            // max.block.ms), and the first real-time events are not late by the time it takes to fetch metadata.
            for (String topic : List.of(topics.authEvents(), topics.apiEvents(), topics.netEvents())) {
                try {
                    producer.partitionsFor(topic);
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    throw new IllegalStateException("no metadata for topic " + topic + " from "
                            + config.bootstrapServers() + " within 30 s: is the broker reachable, and does the topic "
                            + "exist (or may producers create it)?", e);
                }
            }
            Instant now = Instant.ofEpochMilli(wall.millis());
            Simulation simulation = Simulation.create(new Simulation.Settings(scenario, seed, rate,
                    fast ? now.minus(runFor) : now, runFor, attackOffset, population));
            printPlan(out, simulation, config);

            AtomicReference<Exception> failure = new AtomicReference<>();
            EventJson json = EventJson.strict();
            SimulationRun.Sink sink = event -> {
                Exception failed = failure.get();
                if (failed != null) {
                    throw failed;
                }
                try {
                    producer.send(new ProducerRecord<>(topic(topics, event), null, event.epochMilli(), event.key(),
                            json.write(event.event())), (metadata, exception) -> {
                                if (exception != null) {
                                    failure.compareAndSet(null, exception);
                                }
                            });
                } catch (org.apache.kafka.common.errors.InterruptException e) {
                    // Ctrl-C while send() waited for buffer space: the event was not sent; stop like a paced run.
                    throw new InterruptedException("stopped");
                }
            };
            SimulationRun run = new SimulationRun(simulation, sink, fast ? null : RealTimePacer.system(), wall,
                    PROGRESS_EVERY, line -> {
                        out.println("simulate: " + line);
                        out.flush();
                    });
            SimulationRun.Summary summary;
            try {
                summary = run.run(stop::get);
            } finally {
                Thread.interrupted(); // Ctrl-C interrupts this thread; flushing must not see that
            }
            producer.flush();
            if (failure.get() != null) {
                throw failure.get();
            }
            out.println("simulate: " + (summary.stoppedEarly() ? "stopped. " : "done. ") + summary.describe());
            out.flush();
        } finally {
            Thread.interrupted();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook is running; it returns now that the summary is out.
            }
        }
        return 0;
    }

    private void printList(PrintWriter out) {
        int width = Scenarios.names().stream().mapToInt(String::length).max().orElse(0);
        Simulation.Settings probe = Simulation.Settings.of("normal", Instant.EPOCH);
        for (Scenarios.Entry entry : Scenarios.all()) {
            Scenario planned = Simulation.create(new Simulation.Settings(entry.name(), probe.seed(), probe.rate(),
                    probe.start(), Duration.ofMinutes(1), probe.attackOffset(), probe.population())).scenario();
            out.printf("%-" + width + "s  %s%n", entry.name(), entry.description());
            if (!planned.expectedSignals().isEmpty()) {
                out.printf("%-" + width + "s    expected: %s%n", "", String.join(", ",
                        new TreeSet<>(planned.expectedSignals())));
            }
        }
        out.flush();
    }

    private void printPlan(PrintWriter out, Simulation simulation, DetectorConfig config) {
        Scenario planned = simulation.scenario();
        out.printf("simulate: scenario %s, seed %d, %s events/s, %s of event time from %s, %s, sending to %s%n",
                planned.name(), seed, stripZeros(rate), Durations.format(simulation.settings().duration()),
                TIME.format(simulation.start()), fast ? "as fast as possible" : "in real time",
                config.bootstrapServers());
        for (AttackStage stage : planned.stages()) {
            out.printf("simulate:   %s–%s %s; expected %s; about %s%n", TIME.format(stage.start()),
                    TIME.format(stage.end()), stage.name(), String.join(", ", new TreeSet<>(stage.signals())),
                    stage.attackers().stream().map(Object::toString).collect(Collectors.joining(", ")));
        }
        Set<String> correlation = new TreeSet<>(planned.expectedSignals());
        planned.stages().forEach(s -> correlation.removeAll(s.signals()));
        if (!correlation.isEmpty()) {
            out.printf("simulate:   and together: %s%n", String.join(", ", correlation));
        }
        Instant runEnd = simulation.end();
        planned.attackStart().filter(start -> !start.isBefore(runEnd)).ifPresentOrElse(start -> out.printf(
                "simulate: warning: the attack starts at %s, when the run has ended (%s); none of it is sent%n",
                TIME.format(start), TIME.format(runEnd)),
                () -> planned.attackEnd().filter(end -> end.isAfter(runEnd)).ifPresent(end -> out.printf(
                        "simulate: warning: the attack runs until %s, after the run ends at %s; only part of it "
                                + "is sent%n", TIME.format(end), TIME.format(runEnd))));
        if (fast && simulation.settings().duration().compareTo(EventTimePolicy.DEFAULT_MAX_AGE) > 0) {
            out.printf("simulate: warning: events older than %s are dead-lettered by a detector with the default "
                    + "breachwatch.events.max-age%n", Durations.format(EventTimePolicy.DEFAULT_MAX_AGE));
        }
        out.flush();
    }

    private Map<String, Object> producerProperties(DetectorConfig config) {
        Map<String, Object> props = config.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Batching costs at most 10 ms of latency in real time and multiplies throughput in --fast.
        props.put(ProducerConfig.LINGER_MS_CONFIG, fast ? 20 : 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, fast ? 262_144 : 65_536);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // An unreachable broker or a missing topic fails the run in 30 s rather than hanging each send for 60.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "breachwatch-simulate");
        return props;
    }

    private static String topic(Topics topics, SimulatedEvent event) {
        EventType type = event.type();
        return type == EventType.AUTH ? topics.authEvents() : type == EventType.API ? topics.apiEvents()
                : topics.netEvents();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String stripZeros(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
