package io.breachwatch.detector.deploy;

import static io.breachwatch.detector.deploy.Yamls.at;
import static io.breachwatch.detector.deploy.Yamls.list;
import static io.breachwatch.detector.deploy.Yamls.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.metrics.MetricsServer;
import io.breachwatch.detector.rules.RulesLoader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment manifests (deploy/k8s, deploy/compose, deploy/docker) agree with the code: probes name paths the
 * detector serves, ports are its metrics port, every environment variable is one the detector reads as a setting
 * it knows, state lives on a persistent volume, secrets are referenced and never written inline, and the pod runs
 * unprivileged on a read-only root file system. Parsed YAML, no cluster or Docker needed.
 */
class DeployManifestsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final Path COMPOSE = ROOT.resolve("deploy/compose");
    private static final String POD_LABEL = "breachwatch-detector";
    /** Variables a container may set that are not breachwatch settings: read by the JVM itself. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|JAAS|TOKEN|(^|_)KEY($|_)");
    private static final Pattern INLINE_SECRET = Pattern.compile("(?i)password\\s*=\\s*\"?[^\"\\s;.]{2,}");

    static int metricsPort() {
        String address = DetectorConfig.DEFAULTS.get(DetectorConfig.METRICS_ADDRESS);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("deploy"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.toString().contains("/target/")).sorted().toList();
        }
    }

    private static List<Map<String, Object>> k8s() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).sorted().toList()) {
                docs.addAll(Yamls.documents(file));
            }
        }
        return docs;
    }

    private static Map<String, Object> k8s(String kind, String name) throws IOException {
        return k8s().stream().filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata", "name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s"));
    }

    private static Map<String, Object> statefulSet() throws IOException {
        return k8s("StatefulSet", POD_LABEL);
    }

    private static Map<String, Object> container() throws IOException {
        List<Object> containers = list(at(statefulSet(), "spec", "template", "spec", "containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    /** Environment of a k8s container: literal values, and a placeholder for each value taken from elsewhere. */
    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> e = map(entry);
            env.put((String) e.get("name"), e.containsKey("value") ? String.valueOf(e.get("value")) : "from-secret");
        }
        return env;
    }

    /** Every name is a setting the detector reads and knows, as ConfigSources maps it. */
    private static void assertReadAsSettings(Map<String, String> env) {
        Set<String> kafkaKeys = new HashSet<>(StreamsConfig.configDef().names());
        kafkaKeys.addAll(ConsumerConfig.configNames());
        kafkaKeys.addAll(ProducerConfig.configNames());
        kafkaKeys.addAll(AdminClientConfig.configNames());
        for (String name : env.keySet()) {
            if (name.startsWith("KAFKA_")) {
                String key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                assertThat(kafkaKeys).as("%s sets %s, which Kafka Streams and its clients know", name, key)
                        .contains(key);
            } else {
                assertThat(name.startsWith("BREACHWATCH_") || JVM_VARIABLES.contains(name))
                        .as("%s is neither a KAFKA_* nor a BREACHWATCH_* setting", name).isTrue();
            }
        }
        Map<String, String> settings = ConfigSources.defaults().withEnvironment(env).asMap();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_")) {
                String key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                assertThat(settings).as(name).containsEntry(key, value);
            }
        });
        // Unknown BREACHWATCH_* names and malformed values fail here, as they would fail the detector's start
        ConfigSources.defaults().withEnvironment(env).build();
    }

    @Test
    void everyYamlFileUnderDeployParses() throws IOException {
        List<Path> files = yamlFiles();
        assertThat(files).extracting(p -> ROOT.relativize(p).toString()).contains(
                "deploy/k8s/statefulset.yaml", "deploy/compose/docker-compose.yml",
                "deploy/prometheus/prometheus.yml", "deploy/grafana/provisioning/dashboards/breachwatch.yml");
        for (Path file : files) {
            assertThat(Yamls.documents(file)).as(file.toString()).isNotEmpty();
        }
        for (Map<String, Object> doc : k8s()) {
            assertThat(doc).as("a Kubernetes object").containsKeys("apiVersion", "kind", "metadata");
        }
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        Set<String> manifests;
        try (Stream<Path> files = Files.list(K8S)) {
            manifests = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        List<Object> resources = list(Yamls.document(K8S.resolve("kustomization.yaml")).get("resources"));
        assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
    }

    @Test
    void probesNamePathsTheDetectorServesOnItsMetricsPort() throws Exception {
        Map<String, Object> container = container();
        Map<String, Object> port = map(list(container.get("ports")).get(0));
        assertThat(port).containsEntry("name", "metrics").containsEntry("containerPort", metricsPort());
        assertThat(at(container, "livenessProbe", "httpGet", "port")).isEqualTo("metrics");
        assertThat(at(container, "readinessProbe", "httpGet", "port")).isEqualTo("metrics");
        assertThat(env(container)).containsEntry("BREACHWATCH_METRICS_ADDRESS", "0.0.0.0:" + metricsPort());

        // The paths, asked of the detector's own HTTP server: alive 200, not ready 503 (a wrong path would be 404)
        String live = (String) at(container, "livenessProbe", "httpGet", "path");
        String ready = (String) at(container, "readinessProbe", "httpGet", "path");
        HttpClient http = HttpClient.newHttpClient();
        try (MetricsServer server = MetricsServer.start("127.0.0.1:0",
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> false)) {
            java.util.function.Function<String, Integer> status = path -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            };
            assertThat(status.apply(live)).as(live).isEqualTo(200);
            assertThat(status.apply(ready)).as(ready).isEqualTo(503);
            assertThat(status.apply("/health/unknown")).isEqualTo(404);
        }
    }

    @Test
    void stateLivesOnAPersistentVolumeWithAStandbyReplica() throws IOException {
        Map<String, Object> sts = statefulSet();
        Map<String, String> env = env(container());
        String stateDir = env.get("KAFKA_STATE_DIR");
        assertThat(stateDir).isNotNull();
        List<Object> claims = list(at(sts, "spec", "volumeClaimTemplates"));
        assertThat(claims).hasSize(1);
        String claim = (String) at(claims.get(0), "metadata", "name");
        assertThat(list(container().get("volumeMounts"))).anySatisfy(m -> {
            assertThat(map(m)).containsEntry("name", claim);
            assertThat(stateDir).startsWith((String) map(m).get("mountPath"));
        });
        assertThat(ConfigSources.defaults().withEnvironment(env).asMap())
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        assertThat((Integer) at(sts, "spec", "replicas")).isGreaterThan(1);
        assertThat(at(sts, "spec", "serviceName")).isEqualTo(at(k8s("Service", POD_LABEL + "-headless"),
                "metadata", "name"));
    }

    @Test
    void environmentVariablesAreSettingsTheDetectorReads() throws IOException {
        Map<String, String> env = env(container());
        assertThat(env).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_APPLICATION_ID", "BREACHWATCH_RULES_FILE");
        assertReadAsSettings(env);
        // Service links would add BREACHWATCH_DETECTOR_PORT and the like, which the detector refuses
        assertThat(at(statefulSet(), "spec", "template", "spec", "enableServiceLinks")).isEqualTo(false);
    }

    @Test
    void secretsAreReferencedNeverInline() throws IOException {
        for (Object entry : list(container().get("env"))) {
            Map<String, Object> e = map(entry);
            String name = (String) e.get("name");
            if (SECRET_NAME.matcher(name).find()) {
                assertThat(e).as(name).doesNotContainKey("value");
                assertThat(at(e, "valueFrom", "secretKeyRef", "name")).as(name).isNotNull();
            }
        }
        assertThat(k8s()).noneMatch(d -> "Secret".equals(d.get("kind")));
        for (Path file : yamlFiles()) {
            for (Map<String, Object> doc : Yamls.documents(file)) {
                assertThat(strings(doc)).as(file.toString()).noneMatch(s -> INLINE_SECRET.matcher(s).find());
            }
        }
    }

    @Test
    void thePodRunsUnprivilegedOnAReadOnlyRootFileSystemWithBoundedResources() throws IOException {
        Map<String, Object> pod = map(at(statefulSet(), "spec", "template", "spec"));
        Map<String, Object> container = container();
        assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat((Integer) at(pod, "securityContext", "runAsUser")).isPositive();
        assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(list(at(container, "securityContext", "capabilities", "drop"))).containsExactly("ALL");
        // RocksDB needs a writable /tmp for its native library
        assertThat(list(container.get("volumeMounts"))).anySatisfy(m -> {
            assertThat(map(m)).containsEntry("mountPath", "/tmp");
            String volume = (String) map(m).get("name");
            assertThat(list(pod.get("volumes"))).anySatisfy(v -> assertThat(map(v)).containsEntry("name", volume)
                    .containsKey("emptyDir"));
        });
        assertThat(at(container, "resources", "requests", "memory")).isNotNull();
        assertThat(at(container, "resources", "limits", "memory")).isNotNull();
        assertThat(at(container, "resources", "requests", "cpu")).isNotNull();
    }

    @Test
    void servicesAndPodMonitorSelectTheDetectorPodsOnTheirMetricsPort() throws IOException {
        Map<String, Object> podLabels = map(at(statefulSet(), "spec", "template", "metadata", "labels"));
        for (String name : List.of(POD_LABEL, POD_LABEL + "-headless")) {
            Map<String, Object> service = k8s("Service", name);
            assertThat(podLabels).containsAllEntriesOf(map(at(service, "spec", "selector")));
            Map<String, Object> port = map(list(at(service, "spec", "ports")).get(0));
            assertThat(port).containsEntry("port", metricsPort()).containsEntry("targetPort", "metrics");
        }
        assertThat(at(k8s("Service", POD_LABEL + "-headless"), "spec", "clusterIP")).isEqualTo("None");

        Map<String, Object> monitor = k8s("PodMonitor", POD_LABEL);
        assertThat(podLabels).containsAllEntriesOf(map(at(monitor, "spec", "selector", "matchLabels")));
        Map<String, Object> endpoint = map(list(at(monitor, "spec", "podMetricsEndpoints")).get(0));
        assertThat(endpoint).containsEntry("port", "metrics").containsEntry("path", "/metrics");
        // The alert rules and the dashboard select job="breachwatch"
        assertThat(list(endpoint.get("relabelings"))).anySatisfy(r -> assertThat(map(r))
                .containsEntry("targetLabel", "job").containsEntry("replacement", "breachwatch"));
    }

    @Test
    void thePrometheusRuleIsTheUnitTestedRulesFile() throws IOException {
        Map<String, Object> rule = k8s("PrometheusRule", "breachwatch-alerts");
        Map<String, Object> tested = Yamls.document(ROOT.resolve("deploy/prometheus/rules/breachwatch-alerts.yml"));
        assertThat(at(rule, "spec", "groups")).isEqualTo(tested.get("groups"));
    }

    @Test
    void theRulesConfigMapIsAValidRulesFileWhereTheDetectorLooks(@TempDir Path dir) throws IOException {
        Map<String, Object> configMap = k8s("ConfigMap", "breachwatch-rules");
        Map<String, Object> data = map(configMap.get("data"));
        assertThat(data).containsOnlyKeys("rules.yaml");
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, (String) data.get("rules.yaml"));
        assertThat(new RulesLoader().load(rules).enabled()).isNotEmpty();

        Map<String, Object> mount = list(container().get("volumeMounts")).stream().map(Yamls::map)
                .filter(m -> "rules".equals(m.get("name"))).findFirst().orElseThrow();
        assertThat(env(container()).get("BREACHWATCH_RULES_FILE")).isEqualTo(mount.get("mountPath") + "/rules.yaml");
        assertThat(list(at(statefulSet(), "spec", "template", "spec", "volumes"))).anySatisfy(v ->
                assertThat(at(v, "configMap", "name")).isEqualTo("breachwatch-rules"));
    }

    private static Map<String, Object> composeService(String name) throws IOException {
        Object service = at(Yamls.document(COMPOSE.resolve("docker-compose.yml")), "services", name);
        assertThat(service).as("compose service " + name).isNotNull();
        return map(service);
    }

    @Test
    void composeRunsEveryPieceOnLoopbackPortsWithFilesThatExist() throws IOException {
        Map<String, Object> services = map(Yamls.document(COMPOSE.resolve("docker-compose.yml")).get("services"));
        assertThat(services).containsKeys("kafka", "detector", "pager", "prometheus", "alertmanager", "grafana");
        services.forEach((name, service) -> {
            for (Object port : list(map(service).get("ports"))) {
                assertThat(String.valueOf(port)).as("%s publishes on the host's loopback only", name)
                        .startsWith("127.0.0.1:");
            }
            for (Object volume : list(map(service).get("volumes"))) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith(".") && !source.endsWith("pager.yaml")) {
                    assertThat(COMPOSE.resolve(source).normalize()).as("%s mounts %s", name, source).exists();
                }
            }
        });
        assertThat((String) at(composeService("kafka"), "image")).startsWith("apache/kafka:");
    }

    @Test
    void composeDetectorIsConfiguredBySettingsItReadsAndScrapedWhereItListens() throws IOException {
        Map<String, Object> detector = composeService("detector");
        Map<String, String> env = new HashMap<>();
        map(detector.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        assertReadAsSettings(env);
        assertThat(env).containsEntry("BREACHWATCH_METRICS_ADDRESS", "0.0.0.0:" + metricsPort());
        assertThat(list(detector.get("ports"))).containsExactly("127.0.0.1:" + metricsPort() + ":" + metricsPort());
        assertThat(detector).containsEntry("read_only", true);
        assertThat(at(detector, "build", "dockerfile")).isEqualTo("deploy/docker/Dockerfile");

        Map<String, Object> prometheus = Yamls.document(COMPOSE.resolve("prometheus.yml"));
        Map<String, Object> job = map(list(prometheus.get("scrape_configs")).get(0));
        assertThat(job).containsEntry("job_name", "breachwatch");
        assertThat(list(map(list(job.get("static_configs")).get(0)).get("targets")))
                .containsExactly("detector:" + metricsPort());
        assertThat(list(composeService("prometheus").get("volumes")))
                .contains("./prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                        "../prometheus/rules:/etc/prometheus/rules:ro");
    }

    @Test
    void composePagerRunsThePageCommandOnceConfigured() throws IOException {
        Map<String, Object> pager = composeService("pager");
        List<Object> command = list(pager.get("command"));
        assertThat(command).startsWith("page", "--config");
        String config = (String) command.get(2);
        assertThat(list(pager.get("volumes"))).anySatisfy(v -> assertThat(String.valueOf(v)).contains(":" + config));
        // Its configuration is the user's to write (docs/paging.md): it starts only with the "pager" profile
        assertThat(list(pager.get("profiles"))).containsExactly("pager");
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDataSourceAndTheDashboard() throws IOException {
        Map<String, Object> grafana = composeService("grafana");
        Map<String, Object> provider = map(list(Yamls.document(
                ROOT.resolve("deploy/grafana/provisioning/dashboards/breachwatch.yml")).get("providers")).get(0));
        String dashboards = (String) at(provider, "options", "path");
        assertThat(list(grafana.get("volumes"))).contains("../grafana/dashboards:" + dashboards + ":ro");
        Map<String, Object> source = map(list(Yamls.document(
                ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml")).get("datasources")).get(0));
        assertThat(source).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
    }

    @Test
    void alertmanagerRoutesOnlyToReceiversItDefines() throws IOException {
        Map<String, Object> config = Yamls.document(COMPOSE.resolve("alertmanager.yml"));
        Set<String> receivers = list(config.get("receivers")).stream().map(r -> (String) map(r).get("name"))
                .collect(Collectors.toSet());
        List<String> used = new ArrayList<>();
        used.add((String) at(config, "route", "receiver"));
        list(at(config, "route", "routes")).forEach(r -> used.add((String) map(r).get("receiver")));
        assertThat(receivers).containsAll(used);
    }

    @Test
    void theImageRunsTheShadedJarAsANonRootUserAndExposesTheMetricsPort() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("deploy/docker/Dockerfile")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user.substring(5).split(":")[0]).matches("[1-9][0-9]*");
        assertThat(lines).contains("EXPOSE " + metricsPort());
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("COPY --from=build /src/detector/target/breachwatch.jar "));
        assertThat(Files.readString(ROOT.resolve("detector/pom.xml"))).contains("<finalName>breachwatch</finalName>");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("ENTRYPOINT [\"java\"")
                .contains("\"-jar\", \"/opt/breachwatch/breachwatch.jar\""));
        // The container's writable paths in k8s and compose match the image's volume
        assertThat(lines).contains("VOLUME [\"/var/lib/breachwatch\"]");
    }

    private static List<String> strings(Object node) {
        List<String> out = new ArrayList<>();
        if (node instanceof String s) {
            out.add(s);
        } else if (node instanceof Map<?, ?> m) {
            m.values().forEach(v -> out.addAll(strings(v)));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> out.addAll(strings(v)));
        }
        return out;
    }
}
