package io.breachwatch.detector.simulate;

import io.breachwatch.schema.Entity;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One stage of an attack: when it runs, which catalogue rules it is designed to trigger and which entities those
 * alerts are about.
 *
 * @param name      what happens ("brute force against root")
 * @param start     event time of its first event
 * @param end       event time by which its last event has happened
 * @param signals   catalogue rule ids this stage is designed to trigger
 * @param attackers the entities the expected alerts are about: the attacker's addresses, the abused credential,
 *                  the scanning or exfiltrating host
 */
public record AttackStage(String name, Instant start, Instant end, Set<String> signals, List<Entity> attackers) {
    public AttackStage {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("stage " + name + " ends before it starts");
        }
        signals = Set.copyOf(signals);
        attackers = List.copyOf(attackers);
    }

    public boolean contains(Instant time) {
        return !time.isBefore(start) && !time.isAfter(end);
    }
}
