package io.breachwatch.detector.simulate;

/**
 * What a scenario is planned from.
 *
 * @param profile     the normal traffic it hides in (population, rate, mix over the day)
 * @param attackStart event time (epoch millis) at which the attack begins
 * @param seed        the simulation seed
 * @param idPrefix    the run's event id prefix
 */
record ScenarioContext(TrafficProfile profile, long attackStart, long seed, String idPrefix) {

    Population population() {
        return profile.population();
    }

    /** An independent random stream for one part of the scenario. */
    Rng rng(String label) {
        return Rng.derive(seed, "scenario." + label);
    }

    EventIds ids(String tag) {
        return new EventIds(idPrefix + tag + "-");
    }
}
