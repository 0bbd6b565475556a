package io.breachwatch.detector.simulate;

/**
 * A pull-based source of simulated events in event-time order. Models are iterated, never materialised: a model
 * holds what it needs to produce the next event (its population, a few pending follow-ups), not its output.
 */
public interface TrafficModel {

    /** The next event, never earlier than the one before it; null when this model has nothing more to say. */
    SimulatedEvent next();
}
