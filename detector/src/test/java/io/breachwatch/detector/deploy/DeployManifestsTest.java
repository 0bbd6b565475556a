package io.breachwatch.detector.deploy;

import static io.breachwatch.detector.deploy.Yamls.at;
import static io.breachwatch.detector.deploy.Yamls.list;
import static io.breachwatch.detector.deploy.Yamls.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.metrics.MetricsServer;
import io.breachwatch.detector.page.DestinationConfig;
import io.breachwatch.detector.page.PagerConfig;
import io.breachwatch.detector.page.PagerConfigException;
import io.breachwatch.detector.page.PagerConfigReader;
import io.breachwatch.detector.page.Secret;
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
import java.util.regex.Matcher;
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
 * unprivileged on a read-only root file system. The same for the pager bridge ({@code breachwatch page}): its
 * Deployment runs one replica of the page command on the config its ConfigMap holds, takes every secret that config
 * names from a Secret, and is scraped where that config listens, on Kubernetes and in Compose. Parsed YAML, no
 * cluster or Docker needed.
 */
class DeployManifestsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final Path COMPOSE = ROOT.resolve("deploy/compose");
    private static final String POD_LABEL = "breachwatch-detector";
    private static final String PAGER_LABEL = "breachwatch-pager";
    /** Stands for a value a container takes from a Secret; a URL, since a Slack webhook URL is such a secret. */
    private static final String FROM_SECRET = "https://hooks.slack.com/services/T0/B0/from-secret";
    private static final Pattern ENV_PROVIDER_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    /** Variables a container may set that are not breachwatch settings: read by the JVM itself. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|JAAS|TOKEN|(^|_)KEY($|_)");
    private static final Pattern INLINE_SECRET = Pattern.compile("(?i)password\\s*=\\s*\"?[^\"\\s;.]{2,}");

    static int metricsPort() {
        String address = DetectorConfig.DEFAULTS.get(DetectorConfig.METRICS_ADDRESS);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** The pager bridge's metrics port, where it listens unless its config says otherwise. */
    static int pagerMetricsPort() {
        return portOf(PagerConfig.DEFAULT_METRICS_ADDRESS);
    }

    private static int portOf(String address) {
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
        return onlyContainer(statefulSet());
    }

    private static Map<String, Object> pagerDeployment() throws IOException {
        return k8s("Deployment", PAGER_LABEL);
    }

    private static Map<String, Object> pagerContainer() throws IOException {
        return onlyContainer(pagerDeployment());
    }

    private static Map<String, Object> onlyContainer(Map<String, Object> workload) {
        List<Object> containers = list(at(workload, "spec", "template", "spec", "containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    /** Every container of every workload in deploy/k8s, by workload name. */
    private static Map<String, List<Map<String, Object>>> workloadContainers() throws IOException {
        Map<String, List<Map<String, Object>>> out = new HashMap<>();
        for (Map<String, Object> doc : k8s()) {
            Object containers = at(doc, "spec", "template", "spec", "containers");
            if (containers != null) {
                out.put(doc.get("kind") + " " + at(doc, "metadata", "name"),
                        list(containers).stream().map(Yamls::map).toList());
            }
        }
        return out;
    }

    /** Environment of a k8s container: literal values, and a placeholder for each value taken from elsewhere. */
    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> e = map(entry);
            env.put((String) e.get("name"), e.containsKey("value") ? String.valueOf(e.get("value")) : FROM_SECRET);
        }
        return env;
    }

    /** Names of a k8s container's variables set from a Secret by secretKeyRef, with no value written. */
    private static Set<String> fromSecrets(Map<String, Object> container) {
        return list(container.get("env")).stream().map(Yamls::map)
                .filter(e -> !e.containsKey("value") && at(e, "valueFrom", "secretKeyRef", "name") != null
                        && at(e, "valueFrom", "secretKeyRef", "key") != null)
                .map(e -> (String) e.get("name")).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The pager config the pager's ConfigMap holds, read as the bridge reads it in the pod, secrets resolved. */
    private static PagerConfig k8sPagerConfig() throws IOException {
        Map<String, Object> data = map(k8s("ConfigMap", PAGER_LABEL).get("data"));
        assertThat(data).containsOnlyKeys("pager.yaml");
        return new PagerConfigReader(env(pagerContainer()), true)
                .read("deploy/k8s/pager-configmap.yaml#pager.yaml", (String) data.get("pager.yaml"));
    }

    /** The environment variables a pager config reads secrets from: destinations' {env: X} and Kafka's ${env:X}. */
    private static Set<String> secretVariables(PagerConfig config) {
        Set<String> names = new TreeSet<>();
        List<Secret> secrets = new ArrayList<>();
        for (DestinationConfig d : config.destinations()) {
            secrets.add(d.urlSecret());
            secrets.add(d.credential());
            secrets.addAll(d.headers().values());
        }
        for (Secret secret : secrets) {
            if (secret != null) {
                assertThat(secret.source()).as("a secret of the k8s pager config").startsWith("env ");
                names.add(secret.source().substring("env ".length()));
            }
        }
        for (Object value : config.kafka().values()) {
            Matcher m = ENV_PROVIDER_REFERENCE.matcher(String.valueOf(value));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Whether a label selector (matchLabels) selects a pod with these labels. */
    private static boolean selects(Object selector, Map<String, Object> labels) {
        return labels.entrySet().containsAll(map(selector).entrySet());
    }

    /** HTTP status of a GET, for asking a real server whether a probe's path exists. */
    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The probes of a container ask the breachwatch HTTP server (the one {@code run} and {@code page} both start)
     * for paths it serves: alive 200, not ready 503 while not ready (a wrong path would be 404).
     */
    private static void assertProbesNameServedPaths(Map<String, Object> container) throws IOException {
        assertThat(at(container, "livenessProbe", "httpGet", "port")).isEqualTo("metrics");
        assertThat(at(container, "readinessProbe", "httpGet", "port")).isEqualTo("metrics");
        String live = (String) at(container, "livenessProbe", "httpGet", "path");
        String ready = (String) at(container, "readinessProbe", "httpGet", "path");
        HttpClient http = HttpClient.newHttpClient();
        try (MetricsServer server = MetricsServer.start("127.0.0.1:0",
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> false)) {
            assertThat(status(http, server.url() + live)).as(live).isEqualTo(200);
            assertThat(status(http, server.url() + ready)).as(ready).isEqualTo(503);
            assertThat(status(http, server.url() + "/health/unknown")).isEqualTo(404);
        }
    }

    /** Non-root, read-only root file system, no privileges, a writable /tmp, bounded memory. */
    private static void assertUnprivileged(Map<String, Object> pod, Map<String, Object> container) {
        assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat((Integer) at(pod, "securityContext", "runAsUser")).isPositive();
        assertThat(at(pod, "automountServiceAccountToken")).isEqualTo(false);
        assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(list(at(container, "securityContext", "capabilities", "drop"))).containsExactly("ALL");
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
                "deploy/k8s/statefulset.yaml", "deploy/k8s/pager-deployment.yaml", "deploy/compose/docker-compose.yml",
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
        assertThat(env(container)).containsEntry("BREACHWATCH_METRICS_ADDRESS", "0.0.0.0:" + metricsPort());
        assertProbesNameServedPaths(container);
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
        Map<String, List<Map<String, Object>>> workloads = workloadContainers();
        assertThat(workloads).containsOnlyKeys("StatefulSet " + POD_LABEL, "Deployment " + PAGER_LABEL);
        workloads.forEach((workload, containers) -> containers.forEach(container -> {
            for (Object entry : list(container.get("env"))) {
                Map<String, Object> e = map(entry);
                String name = workload + ": " + e.get("name");
                if (SECRET_NAME.matcher((String) e.get("name")).find()) {
                    assertThat(e).as(name).doesNotContainKey("value");
                    assertThat(at(e, "valueFrom", "secretKeyRef", "name")).as(name).isNotNull();
                }
            }
        }));
        assertThat(k8s()).noneMatch(d -> "Secret".equals(d.get("kind")));
        for (Path file : yamlFiles()) {
            for (Map<String, Object> doc : Yamls.documents(file)) {
                assertThat(strings(doc)).as(file.toString()).noneMatch(s -> INLINE_SECRET.matcher(s).find());
            }
        }
    }

    @Test
    void thePodRunsUnprivilegedOnAReadOnlyRootFileSystemWithBoundedResources() throws IOException {
        // RocksDB needs a writable /tmp for its native library
        assertUnprivileged(map(at(statefulSet(), "spec", "template", "spec")), container());
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

    @Test
    void thePagerIsOneReplicaNeverTwoAtOnce() throws IOException {
        // Each lane assigns itself every partition and commits its window decisions with its offsets: a second
        // bridge on the same consumer groups would page everything twice and overwrite the first one's decisions.
        Map<String, Object> deployment = pagerDeployment();
        assertThat(at(deployment, "spec", "replicas")).isEqualTo(1);
        assertThat(at(deployment, "spec", "strategy", "type")).isEqualTo("Recreate");
        // No local state to keep, and no disruption budget that would block node drains for its only pod
        assertThat(at(deployment, "spec", "template", "spec", "volumes")).asString()
                .doesNotContain("persistentVolumeClaim");
        Map<String, Object> podLabels = map(at(deployment, "spec", "template", "metadata", "labels"));
        assertThat(k8s()).filteredOn(d -> "PodDisruptionBudget".equals(d.get("kind"))).allSatisfy(pdb ->
                assertThat(selects(at(pdb, "spec", "selector", "matchLabels"), podLabels)).as("a PDB selects the pager")
                        .isFalse());
    }

    @Test
    void thePagerRunsThePageCommandOfTheDetectorImageOnTheConfigItMounts() throws IOException {
        Map<String, Object> container = pagerContainer();
        List<Object> args = list(container.get("args"));
        assertThat(args).hasSize(3).startsWith("page", "--config");
        // The same image as the detector, so kustomization.yaml's image override applies to both
        assertThat(container.get("image")).isEqualTo(container().get("image"));
        String imageName = ((String) container.get("image")).split(":")[0];
        assertThat(list(Yamls.document(K8S.resolve("kustomization.yaml")).get("images")))
                .anySatisfy(i -> assertThat(map(i)).containsEntry("name", imageName));

        Path config = Path.of((String) args.get(2));
        Map<String, Object> mount = list(container.get("volumeMounts")).stream().map(Yamls::map)
                .filter(m -> config.startsWith((String) m.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounted at " + config));
        assertThat(config.getFileName().toString()).isEqualTo("pager.yaml");
        assertThat(config.getParent()).isEqualTo(Path.of((String) mount.get("mountPath")));
        assertThat(list(at(pagerDeployment(), "spec", "template", "spec", "volumes"))).anySatisfy(v ->
                assertThat(map(v)).containsEntry("name", mount.get("name"))
                        .extracting(m -> at(m, "configMap", "name")).isEqualTo(PAGER_LABEL));

        // The mounted file is a valid pager config in the pod's environment (unknown BREACHWATCH_* variables, or a
        // KAFKA_* setting Kafka does not know, fail here as they would fail the bridge's start)
        PagerConfig pager = k8sPagerConfig();
        assertThat(pager.destinations()).isNotEmpty();
        assertThat(at(pagerDeployment(), "spec", "template", "spec", "enableServiceLinks")).isEqualTo(false);
        // It reads the Kafka the detector writes to, the same way
        Map<String, String> detector = ConfigSources.defaults().withEnvironment(env(container())).asMap();
        for (String key : List.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "security.protocol", "sasl.mechanism")) {
            assertThat(pager.kafka()).as(key).containsEntry(key, detector.get(key));
        }
        // Its destinations are those of the reference config deploy/pager/pager.yaml, configured alike
        PagerConfig reference = new PagerConfigReader(Map.of(), false).read(ROOT.resolve("deploy/pager/pager.yaml"));
        for (DestinationConfig d : pager.destinations()) {
            DestinationConfig r = reference.destinations().stream().filter(x -> x.name().equals(d.name()))
                    .findFirst().orElseThrow(() -> new AssertionError(d.name() + " is not in deploy/pager/pager.yaml"));
            assertThat(List.of(d.type(), d.minSeverity(), d.topics(), d.groupWindow(), d.maxWindowAlerts(),
                    d.rateLimit(), d.retry(), d.connectTimeout(), d.requestTimeout())).as(d.name())
                    .isEqualTo(List.of(r.type(), r.minSeverity(), r.topics(), r.groupWindow(), r.maxWindowAlerts(),
                            r.rateLimit(), r.retry(), r.connectTimeout(), r.requestTimeout()));
        }
    }

    @Test
    void everySecretThePagerConfigNamesComesFromASecretByReference() throws IOException {
        PagerConfig pager = k8sPagerConfig();
        Set<String> named = secretVariables(pager);
        // The Kafka password and each destination's key or webhook URL
        assertThat(named).hasSizeGreaterThan(pager.destinations().size());
        assertThat(fromSecrets(pagerContainer())).containsAll(named);
        // A variable the config needs and the pod does not set fails the start: shown by leaving each one out
        for (String name : named) {
            Map<String, String> without = new HashMap<>(env(pagerContainer()));
            without.remove(name);
            if (pager.kafka().values().stream().noneMatch(v -> String.valueOf(v).contains("${env:" + name + "}"))) {
                String text = (String) map(k8s("ConfigMap", PAGER_LABEL).get("data")).get("pager.yaml");
                assertThatThrownBy(() -> new PagerConfigReader(without, true).read("pager.yaml", text))
                        .as(name).isInstanceOf(PagerConfigException.class).hasMessageContaining(name);
            }
        }
    }

    @Test
    void thePagerProbesNamePathsItServesOnItsConfiguredMetricsPort() throws Exception {
        Map<String, Object> container = pagerContainer();
        Map<String, Object> port = map(list(container.get("ports")).get(0));
        assertThat(port).containsEntry("name", "metrics").containsEntry("containerPort", pagerMetricsPort());
        // Listening on the pod's interfaces, not loopback: otherwise the kubelet and Prometheus could not reach it
        assertThat(k8sPagerConfig().metricsAddress()).isEqualTo("0.0.0.0:" + pagerMetricsPort());
        assertProbesNameServedPaths(container);
    }

    @Test
    void thePagerPodRunsUnprivilegedOnAReadOnlyRootFileSystemWithBoundedResources() throws IOException {
        assertUnprivileged(map(at(pagerDeployment(), "spec", "template", "spec")), pagerContainer());
    }

    @Test
    void thePagerIsScrapedAsItsOwnJobAndNeverAsADetector() throws IOException {
        Map<String, Object> pagerLabels = map(at(pagerDeployment(), "spec", "template", "metadata", "labels"));
        Map<String, Object> detectorLabels = map(at(statefulSet(), "spec", "template", "metadata", "labels"));
        Map<String, Object> service = k8s("Service", PAGER_LABEL);
        assertThat(pagerLabels).containsAllEntriesOf(map(at(service, "spec", "selector")));
        assertThat(selects(at(service, "spec", "selector"), detectorLabels)).isFalse();
        assertThat(map(list(at(service, "spec", "ports")).get(0))).containsEntry("port", pagerMetricsPort())
                .containsEntry("targetPort", "metrics");

        Map<String, Object> monitor = k8s("PodMonitor", PAGER_LABEL);
        assertThat(pagerLabels).containsAllEntriesOf(map(at(monitor, "spec", "selector", "matchLabels")));
        Map<String, Object> endpoint = map(list(at(monitor, "spec", "podMetricsEndpoints")).get(0));
        assertThat(endpoint).containsEntry("port", "metrics").containsEntry("path", "/metrics");
        assertThat(list(endpoint.get("relabelings"))).anySatisfy(r -> assertThat(map(r))
                .containsEntry("targetLabel", "job").containsEntry("replacement", PAGER_LABEL));
        // The detector's monitor and Services must not pick the pager up as job="breachwatch"
        for (Object selector : List.of(at(k8s("PodMonitor", POD_LABEL), "spec", "selector", "matchLabels"),
                at(k8s("Service", POD_LABEL), "spec", "selector"),
                at(k8s("Service", POD_LABEL + "-headless"), "spec", "selector"))) {
            assertThat(selects(selector, pagerLabels)).as("%s selects the pager", selector).isFalse();
        }
    }

    @Test
    void everyAlertRuleSelectsTheJobOfItsGroup() throws IOException {
        // Detector rules select job="breachwatch", so that the pager's JVM series never count as a detector's; the
        // pager's group selects job="breachwatch-pager" only.
        Pattern selector = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*\\{([^}]*)}");
        Map<String, Integer> selectorsByJob = new java.util.TreeMap<>();
        for (Object group : list(Yamls.document(ROOT.resolve("deploy/prometheus/rules/breachwatch-alerts.yml"))
                .get("groups"))) {
            String job = "breachwatch-pager".equals(map(group).get("name")) ? PAGER_LABEL : "breachwatch";
            for (Object rule : list(map(group).get("rules"))) {
                String expr = (String) map(rule).get("expr");
                Matcher m = selector.matcher(expr);
                while (m.find()) {
                    assertThat(m.group(1)).as(map(rule).get("alert") + ": " + m.group())
                            .contains("job=\"" + job + "\"");
                    selectorsByJob.merge(job, 1, Integer::sum);
                }
            }
        }
        assertThat(selectorsByJob.get("breachwatch")).isGreaterThan(10);
        assertThat(selectorsByJob.get(PAGER_LABEL)).isEqualTo(3);
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
                if (source.startsWith(".")) {
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
    void composePagerRunsThePageCommandWithTheShippedConfigOnComposeKafka() throws IOException {
        Map<String, Object> pager = composeService("pager");
        List<Object> command = list(pager.get("command"));
        assertThat(command).startsWith("page", "--config");
        String config = (String) command.get(2);
        String source = list(pager.get("volumes")).stream().map(String::valueOf)
                .filter(v -> v.contains(":" + config + ":") || v.endsWith(":" + config)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounts " + config)).split(":")[0];
        // It starts only with the "pager" profile: it needs a destination's secret from the user
        assertThat(list(pager.get("profiles"))).containsExactly("pager");

        // The mounted file is a valid pager config whose secrets are exactly what the service passes in
        Map<String, String> passed = new HashMap<>();
        map(pager.get("environment")).keySet().forEach(name -> passed.put(name,
                "https://hooks.slack.com/services/T0/B0/x"));
        PagerConfig pagerConfig = new PagerConfigReader(passed, true).read(COMPOSE.resolve(source).normalize());
        assertThat(pagerConfig.destinations()).isNotEmpty();
        // It reads the Compose Kafka, as the detector does, and its topics are created by the kafka-topics service
        assertThat(pagerConfig.kafka()).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                map(composeService("detector").get("environment")).get("KAFKA_BOOTSTRAP_SERVERS"));
        String created = String.join("\n", strings(composeService("kafka-topics").get("command")));
        assertThat(created).contains(pagerConfig.topics().alerts(), pagerConfig.topics().incidents(),
                pagerConfig.deadLetterTopic());
    }

    @Test
    void prometheusScrapesThePagerWhereItsConfigListens() throws IOException {
        // Compose: the port of the mounted pager.yaml, which is also the bridge's default port, on the service name
        Map<String, Object> pager = composeService("pager");
        Map<String, String> passed = new HashMap<>();
        map(pager.get("environment")).keySet().forEach(name -> passed.put(name, FROM_SECRET));
        PagerConfig composeConfig = new PagerConfigReader(passed, true).read(COMPOSE.resolve("pager.yaml"));
        assertThat(list(pager.get("volumes")))
                .anySatisfy(v -> assertThat(String.valueOf(v)).startsWith("./pager.yaml:"));
        assertThat(composeConfig.metricsAddress()).isEqualTo("0.0.0.0:" + pagerMetricsPort());
        Map<String, Object> composeJob = scrapeJob(COMPOSE.resolve("prometheus.yml"), PAGER_LABEL);
        assertThat(list(map(list(composeJob.get("static_configs")).get(0)).get("targets")))
                .containsExactly("pager:" + portOf(composeConfig.metricsAddress()));

        // On one machine: the default address
        Map<String, Object> localJob = scrapeJob(ROOT.resolve("deploy/prometheus/prometheus.yml"), PAGER_LABEL);
        assertThat(list(map(list(localJob.get("static_configs")).get(0)).get("targets")))
                .containsExactly(PagerConfig.DEFAULT_METRICS_ADDRESS);
        for (Map<String, Object> job : List.of(composeJob, localJob)) {
            assertThat(job.getOrDefault("metrics_path", "/metrics")).isEqualTo("/metrics");
        }
    }

    private static Map<String, Object> scrapeJob(Path prometheusConfig, String name) throws IOException {
        return list(Yamls.document(prometheusConfig).get("scrape_configs")).stream().map(Yamls::map)
                .filter(j -> name.equals(j.get("job_name"))).findFirst()
                .orElseThrow(() -> new AssertionError(prometheusConfig + " has no job " + name));
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
