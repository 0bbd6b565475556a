package io.breachwatch.detector.simulate;

import io.breachwatch.schema.NetworkEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reconnaissance from a compromised internal host. First a sweep of its /24 on port 445 (253 addresses in 45 s:
 * unanswered S0 where nothing lives, REJ or SF from live hosts), then, after a 5 s pause, a scan of 120 ports on
 * each of six live hosts in 60 s (10 s per host: mostly S0 and REJ with zero bytes, SF on the few open ports).
 */
final class PortScanAttack implements TrafficModel {
    static final Duration SWEEP = Duration.ofSeconds(45);
    static final Duration PAUSE = Duration.ofSeconds(5);
    static final Duration SCAN = Duration.ofSeconds(60);
    static final Duration DURATION = SWEEP.plus(PAUSE).plus(SCAN);
    static final int TARGETS = 6;
    static final int PORTS_PER_TARGET = 120;
    private static final List<Integer> COMMON_PORTS = List.of(21, 22, 23, 25, 53, 80, 81, 88, 110, 111, 135, 139,
            143, 389, 443, 445, 465, 587, 593, 636, 873, 993, 995, 1080, 1433, 1521, 1723, 2049, 2181, 2375, 2376,
            3000, 3128, 3268, 3306, 3389, 4443, 5000, 5432, 5601, 5672, 5900, 5985, 5986, 6379, 6443, 7001, 8000,
            8008, 8080, 8081, 8088, 8443, 8888, 9000, 9090, 9092, 9200, 9300, 10250, 11211, 27017);
    private static final Set<Integer> OPEN = Set.of(22, 443, 8080);

    private record Probe(String dst, int port, boolean live) {
    }

    private final String scanner;
    private final long start;
    private final Rng rng;
    private final EventIds ids;
    private final List<Probe> sweep = new ArrayList<>();
    private final List<Probe> scan = new ArrayList<>();
    private final Set<String> filtered = new HashSet<>();
    private int next;

    PortScanAttack(Population population, Population.Host scanner, long start, Rng rng, EventIds ids) {
        this.scanner = scanner.ip();
        this.start = start;
        this.rng = rng;
        this.ids = ids;
        Set<String> live = new HashSet<>();
        population.hosts().forEach(h -> live.add(h.ip()));
        int self = Addresses.parse(scanner.ip());
        int subnet = self & 0xffffff00;
        for (int last = 1; last <= 254; last++) {
            int address = subnet | last;
            if (address != self) {
                String dst = Addresses.format(address);
                sweep.add(new Probe(dst, 445, live.contains(dst)));
            }
        }
        List<String> targets = new ArrayList<>();
        for (Probe p : sweep) {
            if (p.live()) {
                targets.add(p.dst());
            }
        }
        rng.shuffle(targets);
        for (String target : targets.subList(0, Math.min(TARGETS, targets.size()))) {
            // A host firewall drops probes silently (S0); without one, closed ports answer with a reset (REJ).
            if (rng.chance(0.5)) {
                filtered.add(target);
            }
            Set<Integer> ports = new LinkedHashSet<>(COMMON_PORTS);
            while (ports.size() < PORTS_PER_TARGET) {
                ports.add(rng.between(1024, 65535));
            }
            List<Integer> order = new ArrayList<>(ports);
            rng.shuffle(order);
            order.forEach(port -> scan.add(new Probe(target, port, true)));
        }
    }

    @Override
    public SimulatedEvent next() {
        long t;
        Probe probe;
        if (next < sweep.size()) {
            t = EvenSpread.over(start, SWEEP, sweep.size()).time(next, rng);
            probe = sweep.get(next);
        } else if (next < sweep.size() + scan.size()) {
            int i = next - sweep.size();
            t = EvenSpread.over(start + SWEEP.toMillis() + PAUSE.toMillis(), SCAN, scan.size()).time(i, rng);
            probe = scan.get(i);
        } else {
            return null;
        }
        next++;
        String state;
        long out = 0;
        long in = 0;
        if (!probe.live()) {
            state = "S0";
        } else if (OPEN.contains(probe.port()) || (probe.port() == 445 && rng.chance(0.1))) {
            state = "SF";
            out = rng.between(0, 60);
            in = rng.between(20, 300);
        } else {
            state = filtered.contains(probe.dst()) ? "S0" : "REJ";
        }
        return SimulatedEvent.of(new NetworkEvent(ids.next(), Instant.ofEpochMilli(t), scanner,
                rng.between(32_768, 60_999), probe.dst(), probe.port(), "tcp", out, in, state));
    }
}
