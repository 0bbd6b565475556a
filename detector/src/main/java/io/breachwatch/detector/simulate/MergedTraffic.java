package io.breachwatch.detector.simulate;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges models into one event-time ordered model, holding one look-ahead event per model. Ties go to the model
 * listed first, so the merged order is deterministic.
 */
final class MergedTraffic implements TrafficModel {
    private record Head(SimulatedEvent event, long time, int model) {
    }

    private final List<TrafficModel> models;
    private final PriorityQueue<Head> heads = new PriorityQueue<>(
            Comparator.comparingLong(Head::time).thenComparingInt(Head::model));

    MergedTraffic(List<TrafficModel> models) {
        this.models = List.copyOf(models);
        for (int i = 0; i < this.models.size(); i++) {
            pull(i);
        }
    }

    private void pull(int model) {
        SimulatedEvent event = models.get(model).next();
        if (event != null) {
            heads.add(new Head(event, event.epochMilli(), model));
        }
    }

    @Override
    public SimulatedEvent next() {
        Head head = heads.poll();
        if (head == null) {
            return null;
        }
        pull(head.model());
        return head.event();
    }
}
