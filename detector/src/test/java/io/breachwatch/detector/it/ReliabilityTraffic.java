package io.breachwatch.detector.it;

import io.breachwatch.detector.simulate.Scenarios;
import io.breachwatch.detector.simulate.SimulatedEvent;
import io.breachwatch.detector.simulate.Simulation;
import io.breachwatch.detector.simulate.TrafficModel;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Utils;

/**
 * The seeded stream the reliability tests play through a real cluster, generated in full before the test starts so
 * that the offline oracle sees exactly what is produced:
 * <ul>
 *   <li>the simulator's normal traffic of a fixed virtual morning (2026-03-14 08:00 UTC; the diurnal curve makes
 *       the hour matter), at {@code backgroundRate} events per second of event time;</li>
 *   <li>every attack scenario of the simulator but the March incident (a combination of them), one every two
 *       minutes of event time;</li>
 *   <li>"canaries": every {@code canaryEvery} of event time, a fresh address fails 8 logins in 3.5 s, which is
 *       exactly one {@code auth.brute_force.source} alert. Canaries take the auth topic's partitions in turn, so
 *       the first canary alert after a fault on every partition says when detection had resumed everywhere.</li>
 * </ul>
 * Events are keyed as the simulator says (source address, client id, originating host), so every entity's events
 * sit in one partition in event-time order.
 */
final class ReliabilityTraffic {
    static final Instant VIRTUAL_DAY = Instant.parse("2026-03-14T08:00:00Z");
    /** Failures per canary: auth.brute_force.source fires at 8 from one source within 2 minutes. */
    static final int CANARY_FAILURES = 8;
    private static final long CANARY_SPACING_MILLIS = 500;

    /** One event ready to send: its type (which names the topic), key and value bytes, and its canary if any. */
    record Record(io.breachwatch.schema.EventType type, byte[] key, byte[] value, Canary canary) {
    }

    /**
     * One canary burst.
     *
     * @param sourceIp  its address, the entity of the alert it raises
     * @param partition the auth topic partition its events go to (the producer's default partitioner)
     */
    record Canary(int number, String sourceIp, int partition) {
    }

    private final List<SimulatedEvent> events;
    private final List<Record> records;
    private final Map<String, Canary> canaries;
    private final Map<Integer, Canary> canariesByNumber = new HashMap<>();

    private ReliabilityTraffic(List<SimulatedEvent> events, List<Record> records, Map<String, Canary> canaries) {
        this.events = events;
        this.records = records;
        this.canaries = canaries;
        canaries.values().forEach(canary -> canariesByNumber.put(canary.number(), canary));
    }

    /**
     * Generates {@code length} of event time.
     *
     * @param partitions the auth topic's partition count, so that canaries visit every partition in turn
     */
    static ReliabilityTraffic generate(Duration length, double backgroundRate, Duration canaryEvery, int partitions) {
        long start = VIRTUAL_DAY.toEpochMilli();
        long end = start + length.toMillis();
        List<TrafficModel> models = new ArrayList<>();
        Simulation background = Simulation.create(Simulation.Settings.of("normal", VIRTUAL_DAY)
                .withRate(backgroundRate).withDuration(length));
        models.add(() -> background.hasNext() ? background.next() : null);
        List<String> attacks = Scenarios.names().stream()
                .filter(name -> !name.equals("normal") && !name.equals("march-incident")).toList();
        for (int i = 0; i < attacks.size(); i++) {
            // One every 2 minutes of event time from minute 1 (12 s of wall time apart at 10x): the tests' faults
            // land while some attack, several minutes long, is under way.
            Duration offset = Duration.ofMinutes(1 + 2L * i);
            models.addAll(Simulation.create(Simulation.Settings.of(attacks.get(i), VIRTUAL_DAY)
                    .withRate(backgroundRate).withDuration(length).withAttackOffset(offset))
                    .scenario().attackTraffic());
        }
        CanaryBursts canaryModel = new CanaryBursts(start, canaryEvery.toMillis(), partitions);
        models.add(canaryModel);

        List<SimulatedEvent> events = new ArrayList<>();
        List<Record> records = new ArrayList<>();
        merge(models, end, event -> {
            events.add(event);
            byte[] key = event.key().getBytes(StandardCharsets.UTF_8);
            records.add(new Record(event.type(), key, EventJson.strict().write(event.event()),
                    canaryModel.canaries.get(event.key())));
        });
        return new ReliabilityTraffic(Collections.unmodifiableList(events), Collections.unmodifiableList(records),
                Map.copyOf(canaryModel.canaries));
    }

    /** The events in production order, for the oracle. */
    List<io.breachwatch.schema.CanonicalEvent> events() {
        return events.stream().map(SimulatedEvent::event).toList();
    }

    List<Record> records() {
        return records;
    }

    /** The canary whose address is {@code sourceIp}, or null. */
    Canary canary(String sourceIp) {
        return canaries.get(sourceIp);
    }

    Canary canaryNumbered(int number) {
        return canariesByNumber.get(number);
    }

    int canaryCount() {
        return canaries.size();
    }

    /** The partition the producer's default partitioner gives {@code key} among {@code partitions}. */
    static int partitionOf(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    private static void merge(List<TrafficModel> models, long end, Consumer<SimulatedEvent> out) {
        record Head(SimulatedEvent event, int model) {
        }
        // Ties go to the model listed first, so the merged order (hence the oracle) is deterministic.
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparingLong((Head h) -> h.event().epochMilli())
                .thenComparingInt(Head::model));
        for (int i = 0; i < models.size(); i++) {
            SimulatedEvent first = models.get(i).next();
            if (first != null) {
                heads.add(new Head(first, i));
            }
        }
        while (!heads.isEmpty()) {
            Head head = heads.poll();
            if (head.event().epochMilli() >= end) {
                continue;
            }
            out.accept(head.event());
            SimulatedEvent next = models.get(head.model()).next();
            if (next != null) {
                heads.add(new Head(next, head.model()));
            }
        }
    }

    /** Canary brute forces from 198.18.0.0/15 (reserved for benchmarks), each against an account of its own. */
    private static final class CanaryBursts implements TrafficModel {
        private final long every;
        private final int partitions;
        private final Map<String, Canary> canaries = new HashMap<>();
        private long burstStart;
        private int number = -1;
        private int failure = CANARY_FAILURES;
        private int address;
        private String sourceIp;

        CanaryBursts(long start, long every, int partitions) {
            this.burstStart = start + every / 2 - every;
            this.every = every;
            this.partitions = partitions;
        }

        @Override
        public SimulatedEvent next() {
            if (failure == CANARY_FAILURES) {
                number++;
                burstStart += every;
                failure = 0;
                sourceIp = nextAddressFor(number % partitions);
                canaries.put(sourceIp, new Canary(number, sourceIp, number % partitions));
            }
            Instant time = Instant.ofEpochMilli(burstStart + failure * CANARY_SPACING_MILLIS);
            failure++;
            return SimulatedEvent.of(new AuthEvent("canary-" + number + "-" + failure, time, "canary-" + number,
                    sourceIp, AuthOutcome.FAILURE, "password", "bad_password", "sshd", "bastion-1"));
        }

        private String nextAddressFor(int partition) {
            while (true) {
                String ip = "198.18." + (address / 250) + "." + (address % 250 + 1);
                address++;
                if (partitionOf(ip.getBytes(StandardCharsets.UTF_8), partitions) == partition) {
                    return ip;
                }
            }
        }
    }
}
