package io.breachwatch.detector.cli;

import io.breachwatch.detector.app.AlertTail;
import io.breachwatch.detector.app.DetectorApp;
import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.config.Durations;
import io.breachwatch.detector.demo.AlertLines;
import io.breachwatch.detector.demo.DemoTraffic;
import io.breachwatch.detector.simulate.SimulatedEvent;
import io.breachwatch.detector.simulate.Simulation;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.detector.metrics.MetricsServer;
import io.breachwatch.detector.metrics.Observability;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A self-contained tour: starts a real single-node Kafka broker on 127.0.0.1, creates the topics, runs the detector
 * and a login traffic generator with a brute force and a password spray in it, and prints each alert the moment it
 * can be read from the alert topic (read_committed). Stops at the end of --duration or on Ctrl-C, leaving nothing
 * running and nothing on disk.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a local broker, the detector and simulated attacks; print alerts as they fire.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--duration", defaultValue = "60s", paramLabel = "DURATION",
            description = "How long to run (e.g. 60s, 5m). Default: ${DEFAULT-VALUE}.")
    String duration;

    @Option(names = "--rate", defaultValue = "200", paramLabel = "EVENTS_PER_SECOND",
            description = "Normal login events per second. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--seed", defaultValue = "7", description = "Traffic seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--history-rate", defaultValue = "10", paramLabel = "EVENTS_PER_SECOND",
            description = "Events per second of virtual time in the fast-forwarded March incident. "
                    + "Default: ${DEFAULT-VALUE}.")
    int historyRate;

    /**
     * How much simulated history the demo fast-forwards: an hour and ten minutes of normal traffic, so that the
     * 5-minute baselines (12 buckets of warm-up) are warm, then the 30-minute March incident ending now.
     */
    static final Duration HISTORY = Duration.ofMinutes(100);

    @Option(names = "--metrics-address", defaultValue = "127.0.0.1:9404", paramLabel = "HOST:PORT",
            description = "Serve /metrics and /health here (port 0: any free port; none: off). "
                    + "Default: ${DEFAULT-VALUE}.")
    String metricsAddress;

    @Override
    public Integer call() throws Exception {
        Duration runFor = Durations.parse("--duration", duration);
        PrintStream out = System.out;
        AtomicBoolean stop = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            stop.set(true);
            main.interrupt();
        }, "breachwatch-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // The demo's terminal is for alerts: Kafka's start-up chatter (topics being created, first transactions)
        // is expected here and would bury them. `run` keeps Kafka's warnings.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.breachwatch"))
                .setLevel(ch.qos.logback.classic.Level.WARN);

        Path varDir = Path.of("var");
        Files.createDirectories(varDir);
        out.println("breachwatch demo: starting a local Kafka broker (KRaft, 127.0.0.1)...");
        try (LocalKafka kafka = LocalKafka.start(LocalKafka.Options.defaults().withDataDirParent(varDir))) {
            out.printf("broker ready at %s in %.1f s%n", kafka.bootstrapServers(), kafka.startupTime().toMillis() / 1000.0);
            DetectorConfig config = ConfigSources.defaults().withOverrides(Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    StreamsConfig.APPLICATION_ID_CONFIG, "breachwatch-demo",
                    StreamsConfig.STATE_DIR_CONFIG, kafka.dataDir().resolve("streams-state").toString(),
                    // One partition: the fast-forwarded history is a catch-up, and several input partitions read at
                    // different speeds can skew platform-wide rule groups beyond grace.
                    DetectorConfig.PARTITIONS, "1")).build()
                    .withRulesFile(demoRules(kafka.dataDir()));
            kafka.createTopics(config.topics().all().stream()
                    .collect(Collectors.toMap(Function.identity(), t -> config.partitions())));

            Map<String, Integer> alertsByRule = new TreeMap<>();
            // Incidents are upserts: print one the first time it is seen and whenever another family joins it.
            Map<String, Integer> incidentFamilies = new java.util.HashMap<>();
            java.util.function.Consumer<Incident> showIncident = incident -> {
                Integer before = incidentFamilies.put(incident.incidentId(), incident.families().size());
                if (before == null || before < incident.families().size()) {
                    out.println(AlertLines.of(incident));
                }
            };
            try (Observability observability = new Observability(config);
                 DetectorApp detector = new DetectorApp(config, observability.detector());
                 MetricsServer metrics = startMetrics(observability, detector);
                 AlertTail<Alert> alerts = new AlertTail<>(config.clientProperties(), config.topics().alertTopic());
                 AlertTail<Incident> incidents = new AlertTail<>(config.clientProperties(),
                         config.topics().incidentTopic());
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(config),
                         new ByteArraySerializer(), new ByteArraySerializer())) {
                detector.bind(observability::bind);
                detector.start();
                if (metrics != null) {
                    out.printf("metrics at %s/metrics%n", metrics.url());
                }
                if (!detector.awaitRunning(Duration.ofSeconds(60))) {
                    out.println("breachwatch demo: the detector did not reach RUNNING within 60 s");
                    return 1;
                }
                Runnable show = () -> {
                    alerts.poll(Duration.ZERO, alert -> {
                        alertsByRule.merge(alert.ruleId(), 1, Integer::sum);
                        out.println(AlertLines.of(alert));
                    });
                    incidents.poll(Duration.ZERO, showIncident);
                };
                long end = System.nanoTime() + runFor.toNanos();

                // 1. The last 2.5 hours of a simulated March incident, in fast-forward: normal traffic, then vendor
                //    credential abuse, a platform-wide failed-login surge and rising egress.
                Instant now = Instant.now();
                Simulation march = Simulation.create(Simulation.Settings.of("march-incident",
                                now.minus(HISTORY)).withSeed(seed).withRate(historyRate).withDuration(HISTORY)
                        .withAttackOffset(HISTORY.minus(Duration.ofMinutes(30))));
                out.printf("detector running; replaying the last %s of a simulated March incident in fast-forward "
                        + "(%d events/s of virtual time)...%n", Durations.format(HISTORY), historyRate);
                long history = 0;
                while (!stop.get() && march.hasNext() && System.nanoTime() < end) {
                    SimulatedEvent e = march.next();
                    producer.send(new ProducerRecord<>(topic(config, e.type()),
                            e.key().getBytes(StandardCharsets.UTF_8), EventJson.strict().write(e.event())));
                    if (++history % 5_000 == 0) {
                        show.run();
                    }
                }
                out.printf("sent %,d historical events; now live: ~%d logins/s with a brute force and a password "
                        + "spray from t+10s%n", history, rate);

                // 2. Live traffic stamped with the wall clock, with a brute force and a password spray in it.
                DemoTraffic traffic = new DemoTraffic(seed, Clock.systemUTC(), Duration.ofSeconds(10));
                int perTick = Math.max(1, rate / 10);
                while (!stop.get() && System.nanoTime() < end) {
                    for (byte[] event : traffic.tick(perTick)) {
                        producer.send(new ProducerRecord<>(config.topics().authEvents(), event));
                    }
                    try {
                        alerts.poll(Duration.ofMillis(100), alert -> {
                            alertsByRule.merge(alert.ruleId(), 1, Integer::sum);
                            out.println(AlertLines.of(alert));
                        });
                        incidents.poll(Duration.ZERO, showIncident);
                    } catch (org.apache.kafka.common.errors.InterruptException e) {
                        break;
                    }
                }
                out.printf("breachwatch demo: stopping. %,d events sent, alerts by rule: %s%n",
                        history + traffic.eventsGenerated(), alertsByRule);
            }
        } finally {
            Thread.interrupted();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the JVM is already exiting; the broker's own hook has stopped it.
            }
        }
        return 0;
    }

    /** The demo serves metrics on a free loopback port unless --metrics-address says otherwise. */
    private MetricsServer startMetrics(Observability observability, DetectorApp detector) throws java.io.IOException {
        if ("none".equalsIgnoreCase(metricsAddress)) {
            return null;
        }
        java.util.function.BooleanSupplier ready =
                () -> detector.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING;
        try {
            return MetricsServer.start(metricsAddress, observability.registry(), ready);
        } catch (java.net.BindException busy) {
            // Something else holds the port (another demo, a node exporter): any free port is fine for a demo.
            return MetricsServer.start("127.0.0.1:0", observability.registry(), ready);
        }
    }

    private static String topic(DetectorConfig config, EventType type) {
        switch (type) {
            case AUTH:
                return config.topics().authEvents();
            case API:
                return config.topics().apiEvents();
            default:
                return config.topics().netEvents();
        }
    }

    /** The demo's rules overlay (first-seen rules learn for 30 minutes), written where the broker keeps its data. */
    private static Path demoRules(Path dataDir) throws java.io.IOException {
        Path file = dataDir.resolve("demo-timeline.yaml");
        try (java.io.InputStream in = DemoCommand.class.getResourceAsStream("/rules/demo-timeline.yaml")) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private static Map<String, Object> producerProperties(DetectorConfig config) {
        Map<String, Object> props = config.clientProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

}
