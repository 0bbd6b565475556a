package io.breachwatch.detector.simulate;

import io.breachwatch.schema.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One simulated run: a scenario's attack traffic merged with the normal background, in event-time order, from
 * {@code start} until {@code start + duration} (or without end). Deterministic: the same settings give the same
 * events, ids and timestamps included.
 *
 * <p>Time is virtual: the background advances by 1/rate per event from {@code start}, so a run can be generated as
 * fast as the CPU allows (tests, benchmarks, {@code simulate --fast}) or released in real time by a
 * {@link RealTimePacer} with {@code start} = now, which makes every event time the wall-clock time it is sent at.
 *
 * <p>Streaming: events are generated as they are pulled and never retained, so a run of any length needs the
 * memory of its population and a few minutes of pending follow-up events, nothing more.
 */
public final class Simulation implements Iterator<SimulatedEvent> {

    /**
     * What to simulate.
     *
     * @param scenario     scenario name (see {@link Scenarios})
     * @param seed         randomness seed; same seed, same events
     * @param rate         events per second of event time (the background; attacks add their own)
     * @param start        event time of the first event
     * @param duration     how much event time to generate; null for no end
     * @param attackOffset when, after {@code start}, the attack begins
     * @param population   the size of the simulated platform
     */
    public record Settings(String scenario, long seed, double rate, Instant start, Duration duration,
                           Duration attackOffset, Population.Settings population) {
        public static final long DEFAULT_SEED = 1;
        public static final double DEFAULT_RATE = 500;
        /** Long enough for per-entity baselines to learn before the attack begins. */
        public static final Duration DEFAULT_ATTACK_OFFSET = Duration.ofMinutes(20);

        public Settings {
            Scenarios.named(scenario);
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(attackOffset, "attackOffset");
            Objects.requireNonNull(population, "population");
            if (!(rate > 0) || rate > 1_000_000) {
                throw new IllegalArgumentException("rate must be in (0, 1000000] events/s, was " + rate);
            }
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("duration must be positive, was " + duration);
            }
            if (attackOffset.isNegative()) {
                throw new IllegalArgumentException("attack offset must not be negative, was " + attackOffset);
            }
        }

        /** Defaults: seed 1, 500 events/s, no end, attack 20 minutes after start, 5,000 users. */
        public static Settings of(String scenario, Instant start) {
            return new Settings(scenario, DEFAULT_SEED, DEFAULT_RATE, start, null, DEFAULT_ATTACK_OFFSET,
                    Population.Settings.DEFAULT);
        }

        public Settings withSeed(long newSeed) {
            return new Settings(scenario, newSeed, rate, start, duration, attackOffset, population);
        }

        public Settings withRate(double newRate) {
            return new Settings(scenario, seed, newRate, start, duration, attackOffset, population);
        }

        public Settings withStart(Instant newStart) {
            return new Settings(scenario, seed, rate, newStart, duration, attackOffset, population);
        }

        public Settings withDuration(Duration newDuration) {
            return new Settings(scenario, seed, rate, start, newDuration, attackOffset, population);
        }

        public Settings withAttackOffset(Duration newOffset) {
            return new Settings(scenario, seed, rate, start, duration, newOffset, population);
        }

        public Settings withPopulation(Population.Settings newPopulation) {
            return new Settings(scenario, seed, rate, start, duration, attackOffset, newPopulation);
        }
    }

    private final Settings settings;
    private final Population population;
    private final TrafficProfile profile;
    private final Scenario scenario;
    private final NormalTraffic normal;
    private final TrafficModel merged;
    private final long startMillis;
    private final long endMillis;
    private final long[] counts = new long[EventType.values().length];
    private SimulatedEvent lookahead;
    private boolean finished;

    private Simulation(Settings settings) {
        this.settings = settings;
        this.startMillis = settings.start().toEpochMilli();
        this.endMillis = settings.duration() == null ? Long.MAX_VALUE
                : startMillis + settings.duration().toMillis();
        this.population = Population.generate(settings.seed(), settings.population());
        this.profile = new TrafficProfile(population, settings.rate());
        String idPrefix = "sim-" + settings.seed() + "-" + Long.toString(Math.floorDiv(startMillis, 1000), 36) + "-";
        this.scenario = Scenarios.plan(settings.scenario(), new ScenarioContext(profile,
                startMillis + settings.attackOffset().toMillis(), settings.seed(), idPrefix));
        this.normal = new NormalTraffic(profile, startMillis, settings.seed(), idPrefix);
        List<TrafficModel> models = new ArrayList<>();
        models.add(normal);
        models.addAll(scenario.attackTraffic());
        this.merged = new MergedTraffic(models);
    }

    public static Simulation create(Settings settings) {
        return new Simulation(settings);
    }

    public Settings settings() {
        return settings;
    }

    public Scenario scenario() {
        return scenario;
    }

    public Population population() {
        return population;
    }

    public TrafficProfile profile() {
        return profile;
    }

    public Instant start() {
        return settings.start();
    }

    /** Event time at which the run ends (exclusive); null when it has no end. */
    public Instant end() {
        return endMillis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(endMillis);
    }

    @Override
    public boolean hasNext() {
        if (lookahead == null && !finished) {
            SimulatedEvent event = merged.next();
            if (event == null || event.epochMilli() >= endMillis) {
                finished = true;
            } else {
                lookahead = event;
            }
        }
        return lookahead != null;
    }

    @Override
    public SimulatedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the simulation has ended");
        }
        SimulatedEvent event = lookahead;
        lookahead = null;
        counts[event.type().ordinal()]++;
        return event;
    }

    /** The rest of the run as a sequential stream (infinite when the run has no end). */
    public Stream<SimulatedEvent> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Events returned so far, by type. */
    public Map<EventType, Long> counts() {
        Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            byType.put(type, counts[type.ordinal()]);
        }
        return byType;
    }

    public long produced() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** What the run holds besides its population: follow-up events waiting for their time, sources with recent
     *  failures. Bounded by minutes of traffic and the population, whatever the run's length. */
    public int bufferedState() {
        return normal.pendingEvents() + normal.ledgerSources();
    }
}
