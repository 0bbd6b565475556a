package io.breachwatch.detector.simulate;

import io.breachwatch.schema.EventType;

/**
 * How much of what normal traffic there is at a given moment: the analytic side of {@link NormalTraffic}, which
 * attacks use to scale themselves against the background they hide in (a vendor credential abused at five times its
 * habitual call rate; a login-failure surge at eight times the normal failure rate).
 *
 * <p>The total is fixed: {@code rate} events per second of event time (the virtual clock advances by 1/rate per
 * event). What varies over the day is the mix: logins swing most (peak 4× the trough before normalisation, about
 * 2× after), API calls mildly, network flows absorb the rest.
 */
public final class TrafficProfile {
    static final double AUTH_WEIGHT = 0.2;
    static final double API_WEIGHT = 0.4;
    static final double NET_WEIGHT = 0.4;
    static final Diurnal AUTH_DAY = new Diurnal(0.6, 14);
    static final Diurnal API_DAY = new Diurnal(0.2, 14);
    static final Diurnal NET_DAY = new Diurnal(0.3, 14);

    /** Logins that are a mistyped password (one or two failures, then success within a minute). */
    static final double TYPO = 0.03;
    /** Of those, the share with a second failure before the success. */
    static final double DOUBLE_TYPO = 0.15;
    /** Logins that are a forgotten password (three failures, then success minutes later after a reset). */
    static final double FORGOTTEN = 0.002;
    /** Expected failed attempts per login slot. */
    static final double FAILURES_PER_LOGIN = TYPO * (1 + DOUBLE_TYPO) + FORGOTTEN * 3;
    /** Expected login events per login slot: the episode's first attempt plus its follow-ups. */
    static final double EVENTS_PER_LOGIN = 1 + TYPO * (1 + DOUBLE_TYPO) + FORGOTTEN * 3;

    private final Population population;
    private final double rate;

    public TrafficProfile(Population population, double rate) {
        if (!(rate > 0) || rate > 1_000_000) {
            throw new IllegalArgumentException("rate must be in (0, 1000000] events/s, was " + rate);
        }
        this.population = population;
        this.rate = rate;
    }

    public Population population() {
        return population;
    }

    /** Events per second of event time, all families together. */
    public double rate() {
        return rate;
    }

    /** The share of events of {@code type} at {@code epochMillis}. */
    public double share(EventType type, long epochMillis) {
        double auth = AUTH_WEIGHT * AUTH_DAY.at(epochMillis);
        double api = API_WEIGHT * API_DAY.at(epochMillis);
        double net = NET_WEIGHT * NET_DAY.at(epochMillis);
        double mine = type == EventType.AUTH ? auth : type == EventType.API ? api : net;
        return mine / (auth + api + net);
    }

    /** Login attempts that start an episode, per second. */
    public double loginRate(long epochMillis) {
        return rate * share(EventType.AUTH, epochMillis);
    }

    /** Expected failed logins per second, platform-wide. */
    public double failureRate(long epochMillis) {
        return loginRate(epochMillis) * FAILURES_PER_LOGIN;
    }

    /** A client's share of API calls at {@code epochMillis}. */
    public double clientShare(Population.ApiClient client, long epochMillis) {
        double total = 0;
        for (Population.ApiClient c : population.clients()) {
            total += c.share() * c.diurnal().at(epochMillis);
        }
        return client.share() * client.diurnal().at(epochMillis) / total;
    }

    /** A client's calls per second at {@code epochMillis}. */
    public double clientRate(Population.ApiClient client, long epochMillis) {
        return rate * share(EventType.API, epochMillis) * clientShare(client, epochMillis);
    }

    /** A host's flows per second at {@code epochMillis}. */
    public double hostFlowRate(Population.Host host, long epochMillis) {
        return rate * share(EventType.NET, epochMillis) * population.hostShare(host);
    }

    /** A host's mean bytes sent per flow (all its kinds of flow together). */
    public double hostMeanBytesOut(Population.Host host) {
        double internal = host.services().isEmpty() ? 0 : NormalTraffic.INTERNAL_FLOWS;
        double external = 1 - NormalTraffic.DNS_FLOWS - internal;
        return NormalTraffic.DNS_FLOWS * 65
                + internal * NormalTraffic.INTERNAL_BYTES_OUT * Math.exp(0.5 * 0.5 / 2)
                + external * (1 - NormalTraffic.UNANSWERED) * host.medianBytesOut()
                * Math.exp(host.sigma() * host.sigma() / 2);
    }

    /** A host's expected bytes sent per second at {@code epochMillis}. */
    public double hostBytesOutRate(Population.Host host, long epochMillis) {
        return hostFlowRate(host, epochMillis) * hostMeanBytesOut(host);
    }
}
