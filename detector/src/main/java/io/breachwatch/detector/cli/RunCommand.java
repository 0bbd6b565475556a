package io.breachwatch.detector.cli;

import io.breachwatch.detector.app.DetectorApp;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.metrics.DetectorMetrics;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Production mode: run the detector against the configured Kafka cluster until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the detector against your Kafka cluster (Ctrl-C or SIGTERM to stop).")
final class RunCommand implements Callable<Integer> {
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
        DetectorApp app = new DetectorApp(config, new DetectorMetrics(
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT)));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "breachwatch-shutdown"));
        app.start();
        app.awaitStop();
        return app.failed() ? 1 : 0;
    }
}
