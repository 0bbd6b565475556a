package io.breachwatch.detector.cli;

import io.breachwatch.detector.metrics.MetricsServer;
import io.breachwatch.detector.page.DestinationConfig;
import io.breachwatch.detector.page.PagerBridge;
import io.breachwatch.detector.page.PagerConfig;
import io.breachwatch.detector.page.PagerConfigException;
import io.breachwatch.detector.page.PagerConfigReader;
import io.breachwatch.detector.page.PagerMetrics;
import io.breachwatch.detector.page.TestPage;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code breachwatch page --config FILE}: the pager bridge, from the alert and incident topics to PagerDuty, Slack,
 * Opsgenie or a JSON webhook, until stopped. {@code --check} validates the file (without reading its secrets);
 * {@code --send-test NAME} sends one test page to one destination.
 */
@Command(name = "page", mixinStandardHelpOptions = true,
        description = "Page on-call from the alert and incident topics (PagerDuty, Slack, Opsgenie, webhook); "
                + "Ctrl-C or SIGTERM to stop.")
final class PageCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(PageCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Pager config (YAML).")
    Path config;

    @Option(names = "--check", description = "Check the config file and exit (secrets are not read).")
    boolean check;

    @Option(names = "--send-test", paramLabel = "DESTINATION",
            description = "Send one test page to the named destination, print the outcome and exit (0 if accepted).")
    String sendTest;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PagerConfig pager;
        try {
            pager = new PagerConfigReader(System.getenv(), !check).read(config);
        } catch (PagerConfigException e) {
            e.errors().forEach(err::println);
            err.println(config + ": " + e.errors().size() + " error" + (e.errors().size() == 1 ? "" : "s"));
            return 1;
        }
        if (sendTest != null) {
            DestinationConfig destination = pager.destinations().stream().filter(d -> d.name().equals(sendTest))
                    .findFirst().orElse(null);
            if (destination == null) {
                err.println("no destination named '" + sendTest + "'; the file names "
                        + pager.destinations().stream().map(DestinationConfig::name).toList());
                return 1;
            }
            TestPage.Outcome outcome = TestPage.send(destination, Clock.systemUTC());
            (outcome.accepted() ? out : err).println(destination.name() + ": " + outcome.description());
            return outcome.accepted() ? 0 : 1;
        }
        if (check) {
            pager.destinations().forEach(d -> out.println(d.describe()));
            out.println(config + ": OK, " + pager.destinations().size() + " destination"
                    + (pager.destinations().size() == 1 ? "" : "s"));
            return 0;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (JvmGcMetrics gc = new JvmGcMetrics()) {
            new JvmMemoryMetrics().bindTo(registry);
            gc.bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            PagerBridge bridge = PagerBridge.start(pager, new PagerMetrics(registry));
            MetricsServer metrics = pager.metricsAddress() == null ? null
                    : MetricsServer.start(pager.metricsAddress(), registry, bridge::ready);
            if (metrics != null) {
                LOG.info("Metrics at {}/metrics, health at {}/health/ready", metrics.url(), metrics.url());
            }
            Thread hook = new Thread(() -> {
                bridge.close();
                if (metrics != null) {
                    metrics.close();
                }
            }, "breachwatch-pager-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            bridge.awaitStop();
            boolean failed = bridge.failed();
            bridge.close();
            if (metrics != null) {
                metrics.close();
            }
            return failed ? 1 : 0;
        } finally {
            registry.close();
        }
    }
}
