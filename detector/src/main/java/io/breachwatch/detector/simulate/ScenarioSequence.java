package io.breachwatch.detector.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every attack scenario in turn on one continuous event-time line: the March incident first, then brute force,
 * password spray, credential stuffing and the others, each in a segment with the normal background of the same
 * simulated platform (same seed: the same users, vendors and hosts throughout, so per-entity baselines keep learning
 * across segments). The first segment gives the baselines 20 minutes before its attack, later ones 5; each leaves
 * 35 minutes for its attack (the longest, the March incident, lasts 30). After the last scenario the tour starts
 * again. Endless: the caller stops pulling. Deterministic, like {@link Simulation}. Used by the replay benchmark and
 * by the test that pins the alert ids of a seeded replay.
 */
public final class ScenarioSequence implements Iterator<SimulatedEvent> {
    static final Duration FIRST_ATTACK_OFFSET = Duration.ofMinutes(20);
    static final Duration ATTACK_OFFSET = Duration.ofMinutes(5);
    static final Duration ATTACK_ROOM = Duration.ofMinutes(35);

    private final long seed;
    private final double rate;
    private final List<String> order = order();
    private final List<String> started = new ArrayList<>();
    private Instant segmentStart;
    private Simulation current;

    /**
     * @param start event time of the first event
     * @param seed  the simulation seed
     * @param rate  background events per second of event time
     */
    public ScenarioSequence(Instant start, long seed, double rate) {
        this.segmentStart = start;
        this.seed = seed;
        this.rate = rate;
    }

    /** The scenarios in the order their segments run. */
    public static List<String> order() {
        List<String> order = new ArrayList<>();
        order.add("march-incident");
        for (String name : Scenarios.names()) {
            if (!name.equals("normal") && !name.equals("march-incident")) {
                order.add(name);
            }
        }
        return List.copyOf(order);
    }

    /** The scenarios whose segments have begun, in order. */
    public List<String> scenariosStarted() {
        return List.copyOf(started);
    }

    @Override
    public boolean hasNext() {
        while (current == null || !current.hasNext()) {
            int segment = started.size();
            Duration offset = segment == 0 ? FIRST_ATTACK_OFFSET : ATTACK_OFFSET;
            Duration length = offset.plus(ATTACK_ROOM);
            String scenario = order.get(segment % order.size());
            current = Simulation.create(Simulation.Settings.of(scenario, segmentStart).withSeed(seed).withRate(rate)
                    .withAttackOffset(offset).withDuration(length));
            started.add(scenario);
            segmentStart = segmentStart.plus(length);
        }
        return true;
    }

    @Override
    public SimulatedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
