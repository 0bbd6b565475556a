package io.breachwatch.detector.cli;

import io.breachwatch.detector.app.DetectorApp;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.metrics.MetricsServer;
import io.breachwatch.detector.metrics.Observability;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Production mode: run the detector against the configured Kafka cluster until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the detector against your Kafka cluster (Ctrl-C or SIGTERM to stop).")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions options;

    @Option(names = "--print-config", description = "Print the effective configuration (secrets hidden) and exit.")
    boolean printConfig;

    @Override
    public Integer call() throws Exception {
        DetectorConfig config = options.load();
        if (printConfig) {
            config.describe().forEach((key, value) -> System.out.println(key + "=" + value));
            return 0;
        }
        Observability observability = new Observability(config);
        DetectorApp app = new DetectorApp(config, observability.detector());
        app.bind(observability::bind);
        MetricsServer metrics = config.metricsAddress() == null ? null
                : MetricsServer.start(config.metricsAddress(), observability.registry(),
                        () -> app.state() == KafkaStreams.State.RUNNING);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            if (metrics != null) {
                metrics.close();
            }
            observability.close();
        }, "breachwatch-shutdown"));
        if (metrics != null) {
            LOG.info("Metrics at {}/metrics, health at {}/health/ready", metrics.url(), metrics.url());
        }
        app.start();
        app.awaitStop();
        return app.failed() ? 1 : 0;
    }
}
