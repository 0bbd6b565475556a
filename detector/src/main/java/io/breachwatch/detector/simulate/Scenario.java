package io.breachwatch.detector.simulate;

import io.breachwatch.schema.Entity;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A planned simulation story: the normal background plus, for an attack scenario, one or more attack stages at
 * known times. The plan is fixed when the scenario is created (from the seed, the population and the attack start),
 * so tests can reason about it before a single event is generated: which rules should fire, about which entities,
 * between which event times.
 */
public interface Scenario {

    /** Command-line name, e.g. "brute-force". */
    String name();

    /** One line for `simulate --list`. */
    String description();

    /** The stages, in start order; empty for the normal scenario. */
    List<AttackStage> stages();

    /** Catalogue rule ids the scenario is designed to trigger: a detector that misses one has a gap. */
    default Set<String> expectedSignals() {
        Set<String> signals = new LinkedHashSet<>();
        stages().forEach(stage -> signals.addAll(stage.signals()));
        return Set.copyOf(signals);
    }

    /**
     * Rule ids that may legitimately fire as well, because the attack also meets their definition at default
     * thresholds (a credential-stuffing source that succeeds after five failures is also a success-after-failures).
     * A rule outside expected ∪ incidental firing on a scenario is a false positive.
     */
    Set<String> incidentalSignals();

    /** The entities the expected alerts are about, over all stages. */
    default List<Entity> attackers() {
        Set<Entity> all = new LinkedHashSet<>();
        stages().forEach(stage -> all.addAll(stage.attackers()));
        return List.copyOf(all);
    }

    /** Event time of the first attack event; empty for the normal scenario. */
    default Optional<Instant> attackStart() {
        return stages().stream().map(AttackStage::start).min(Instant::compareTo);
    }

    /** Event time by which the last attack event has happened; empty for the normal scenario. */
    default Optional<Instant> attackEnd() {
        return stages().stream().map(AttackStage::end).max(Instant::compareTo);
    }

    /** Fresh models of the attack's own events (no background), the same events on every call. */
    List<TrafficModel> attackTraffic();
}
