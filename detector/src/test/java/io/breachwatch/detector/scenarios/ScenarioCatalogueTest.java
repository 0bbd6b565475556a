package io.breachwatch.detector.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.engine.DetectionEngine;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.detector.simulate.Scenario;
import io.breachwatch.detector.simulate.Scenarios;
import io.breachwatch.detector.simulate.Signals;
import io.breachwatch.detector.simulate.Simulation;
import io.breachwatch.schema.Alert;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every simulated attack scenario, run through the whole built-in catalogue (offline driver), raises every rule it
 * is designed to trigger and nothing it is not expected or allowed to. Each scenario runs 100 minutes of normal
 * traffic first so baselines are warm; first-seen rules learn for 30 minutes instead of 3 days
 * (rules/compressed-learning.yaml), the one concession to a compressed timeline.
 */
class ScenarioCatalogueTest {
    static final Path COMPRESSED_LEARNING = Path.of("src/test/resources/rules/compressed-learning.yaml");

    static Stream<String> attacks() {
        return Scenarios.names().stream().filter(name -> !name.equals("normal"));
    }

    /** Catalogue refinements a scenario may raise besides its expected signals (variants of the same rule). */
    private static Set<String> variants(Set<String> expected) {
        Set<String> out = new TreeSet<>();
        if (expected.contains(Signals.PORT_SCAN)) {
            out.add("net.port_scan.slow");
        }
        if (expected.contains(Signals.VENDOR_DATA_VOLUME)) {
            out.add("api.vendor_data_volume.records");
        }
        if (expected.contains(Signals.RECORD_HARVESTING)) {
            out.add("api.record_harvesting.cap");
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void eachScenarioRaisesItsExpectedRules(String name) {
        DetectorConfig config = DetectorConfig.defaults().withRulesFile(COMPRESSED_LEARNING);
        OfflineDetection detection = new OfflineDetection(DetectionEngine.of(config.rules(), config.grace()));
        Simulation simulation = Simulation.create(Simulation.Settings.of(name, Instant.parse("2026-03-14T08:00:00Z"))
                .withRate(50).withDuration(Duration.ofMinutes(150)).withAttackOffset(Duration.ofMinutes(100)));
        Scenario scenario = simulation.scenario();

        Set<String> fired = new TreeSet<>();
        simulation.forEachRemaining(e -> detection.feed(e.event()).stream().map(Alert::ruleId).forEach(fired::add));
        if (!detection.incidents().isEmpty()) {
            fired.add(Signals.BREACH_IN_PROGRESS);
        }

        Set<String> expected = new TreeSet<>(scenario.expectedSignals());
        Set<String> allowed = new TreeSet<>(expected);
        allowed.addAll(scenario.incidentalSignals());
        allowed.addAll(variants(expected));
        assertThat(fired).as("rules raised by " + name).containsAll(expected);
        assertThat(fired).as("rules raised by " + name).isSubsetOf(allowed);
        if (expected.contains(Signals.BREACH_IN_PROGRESS)) {
            assertThat(detection.incidents()).as("one incident per episode").hasSize(1);
        } else {
            assertThat(detection.incidents()).isEmpty();
        }
    }
}
