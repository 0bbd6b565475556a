package io.breachwatch.detector.simulate;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The platform on an ordinary day. A virtual clock advances by 1/rate per slot; each slot starts one login episode,
 * API call or network flow, chosen by the {@link TrafficProfile}'s mix at that moment. Login episodes that take
 * more than one event (a typo and the retry, a forgotten password and the login after the reset) leave their
 * follow-ups in a small queue that is merged back in event-time order.
 *
 * <p>What "ordinary" means here, and what tests hold it to:
 * <ul>
 *   <li>logins: users from their home or office address, more by day than by night (UTC); 3 % mistyped passwords
 *       (one failure, or two in 15 % of cases, then success within a minute; one in six is a mistyped user name),
 *       0.2 % forgotten passwords (three failures, then success 3–10 minutes later), and never enough failures
 *       from one source to meet a login rule ({@link FailureLedger});</li>
 *   <li>API calls: each client calls its own few operations from its own few addresses (1–3 for a vendor), with
 *       its usual records and response sizes, and a vendor touches only its usual customers; about 1 % errors;</li>
 *   <li>network flows: each host to its usual external services on 443/80, DNS to public resolvers and a few
 *       internal services, with its own log-normal bytes sent; no host ever tries more than three ports on one
 *       destination, or other destinations than its 5–25 usual services, three resolvers and two internal
 *       services.</li>
 * </ul>
 */
public final class NormalTraffic implements TrafficModel {
    static final double DNS_FLOWS = 0.10;
    static final double INTERNAL_FLOWS = 0.04;
    static final double INTERNAL_BYTES_OUT = 600;
    /** External TCP flows that get no answer (state S0). */
    static final double UNANSWERED = 0.01;

    /** Failed calls: mostly lookups of ids that do not exist, some bad requests, throttling and server errors. */
    private static final List<Integer> ERROR_STATUSES = List.of(404, 404, 404, 404, 404, 400, 400, 429, 429, 500, 503);
    private static final List<String> IDENTITY_HOSTS = List.of("idp-1", "idp-2");

    private record Pending(long time, long order, SimulatedEvent event) {
    }

    private final Population population;
    private final TrafficProfile profile;
    private final long startMillis;
    private final double millisPerSlot;
    private final Rng rng;
    private final EventIds ids;
    private final FailureLedger ledger = new FailureLedger();
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(
            Comparator.comparingLong(Pending::time).thenComparingLong(Pending::order));
    private final double[][] operationCumulative;
    private long slot;
    private long pendingOrder;

    // The mix for the current second of event time (recomputing trigonometry per event is wasted work).
    private long mixSecond = Long.MIN_VALUE;
    private double authShare;
    private double apiShare;
    private double[] clientCumulative;

    public NormalTraffic(TrafficProfile profile, long startMillis, long seed, String idPrefix) {
        this.population = profile.population();
        this.profile = profile;
        this.startMillis = startMillis;
        this.millisPerSlot = 1000.0 / profile.rate();
        this.rng = Rng.derive(seed, "normal");
        this.ids = new EventIds(idPrefix + "n-");
        List<Population.ApiClient> clients = population.clients();
        this.operationCumulative = new double[clients.size()][];
        for (int i = 0; i < clients.size(); i++) {
            operationCumulative[i] = Population.cumulative(
                    clients.get(i).operationWeights().stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    @Override
    public SimulatedEvent next() {
        long slotTime = startMillis + (long) (slot * millisPerSlot);
        Pending due = pending.peek();
        if (due != null && due.time() <= slotTime) {
            return pending.poll().event();
        }
        slot++;
        return startSlot(slotTime);
    }

    /** Follow-up events waiting for their time: a few minutes' worth of typos and resets at most. */
    int pendingEvents() {
        return pending.size();
    }

    int ledgerSources() {
        return ledger.sources();
    }

    private SimulatedEvent startSlot(long t) {
        updateMix(t);
        double u = rng.uniform();
        if (u < authShare) {
            return loginEpisode(t);
        }
        if (u < authShare + apiShare) {
            return apiCall(t);
        }
        return flow(t);
    }

    private void updateMix(long t) {
        long second = Math.floorDiv(t, 1000);
        if (second == mixSecond) {
            return;
        }
        mixSecond = second;
        authShare = profile.share(EventType.AUTH, t);
        apiShare = profile.share(EventType.API, t);
        List<Population.ApiClient> clients = population.clients();
        double[] weights = new double[clients.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = clients.get(i).share() * clients.get(i).diurnal().at(t);
        }
        clientCumulative = Population.cumulative(weights);
    }

    // ---- logins ----

    private SimulatedEvent loginEpisode(long t) {
        Population.User user = population.pickUser(rng);
        String service = user.office() ? (rng.chance(0.3) ? "vpn" : "web") : (rng.chance(0.25) ? "mobile" : "web");
        String idp = rng.pick(IDENTITY_HOSTS);
        double u = rng.uniform();
        if (u < TrafficProfile.TYPO) {
            boolean twice = rng.chance(TrafficProfile.DOUBLE_TYPO);
            long first = t;
            long second = first + rng.between(4_000, 15_000);
            long success = (twice ? second : first) + rng.between(5_000, 40_000);
            boolean booked = twice ? ledger.tryBook(user.homeIp(), t, first, second)
                    : ledger.tryBook(user.homeIp(), t, first);
            if (booked) {
                // One typo in six is in the user name: the failure is for an account that does not exist.
                boolean nameTypo = rng.chance(1.0 / 6);
                String tried = nameTypo ? misspell(user.name()) : user.name();
                String reason = nameTypo ? "invalid_user" : "bad_password";
                if (twice) {
                    later(second, login(second, user, tried, AuthOutcome.FAILURE, reason, service, idp));
                }
                later(success, login(success, user, user.name(), AuthOutcome.SUCCESS, null, service, idp));
                return login(first, user, tried, AuthOutcome.FAILURE, reason, service, idp);
            }
        } else if (u < TrafficProfile.TYPO + TrafficProfile.FORGOTTEN) {
            long second = t + rng.between(15_000, 45_000);
            long third = second + rng.between(15_000, 45_000);
            long reset = third + rng.between(180_000, 600_000);
            if (ledger.tryBook(user.homeIp(), t, t, second, third)) {
                later(second, login(second, user, user.name(), AuthOutcome.FAILURE, "bad_password", service, idp));
                later(third, login(third, user, user.name(), AuthOutcome.FAILURE, "bad_password", service, idp));
                later(reset, login(reset, user, user.name(), AuthOutcome.SUCCESS, null, service, idp));
                return login(t, user, user.name(), AuthOutcome.FAILURE, "bad_password", service, idp);
            }
        }
        return login(t, user, user.name(), AuthOutcome.SUCCESS, null, service, idp);
    }

    private SimulatedEvent login(long t, Population.User user, String tried, AuthOutcome outcome, String reason,
                                 String service, String idp) {
        return SimulatedEvent.of(new AuthEvent(ids.next(), Instant.ofEpochMilli(t), tried, user.homeIp(), outcome,
                "password", reason, service, idp));
    }

    private void later(long t, SimulatedEvent event) {
        pending.add(new Pending(t, pendingOrder++, event));
    }

    /** A plausible slip of the fingers: a doubled, dropped or swapped letter (never the name itself). */
    private String misspell(String name) {
        int i = rng.between(1, name.length() - 2);
        switch (rng.nextInt(3)) {
            case 0:
                return name.substring(0, i) + name.charAt(i) + name.substring(i);
            case 1:
                return name.substring(0, i) + name.substring(i + 1);
            default:
                if (name.charAt(i) == name.charAt(i + 1)) {
                    return name.substring(0, i) + name.substring(i + 1);
                }
                return name.substring(0, i) + name.charAt(i + 1) + name.charAt(i) + name.substring(i + 2);
        }
    }

    // ---- API calls ----

    private SimulatedEvent apiCall(long t) {
        int index = Population.pickCumulative(clientCumulative, rng.uniform());
        Population.ApiClient client = population.clients().get(index);
        Population.ApiOperation op = client.operations()
                .get(Population.pickCumulative(operationCumulative[index], rng.uniform()));
        String customer = null;
        if (op.perCustomer()) {
            customer = client.customers().isEmpty()
                    ? Population.customerId(rng.between(1, Population.CUSTOMERS))
                    : rng.pickSkewed(client.customers());
        }
        int status;
        long records;
        long bytes;
        if (rng.chance(client.errorRate())) {
            status = rng.pick(ERROR_STATUSES);
            records = 0;
            bytes = rng.between(80, 220);
        } else {
            status = op.method().equals("POST") ? 201 : 200;
            records = rng.between(op.minRecords(), op.maxRecords());
            bytes = 180 + Math.round(records * op.bytesPerRecord() * rng.logNormal(1, 0.25));
        }
        return SimulatedEvent.of(new ApiCallEvent(ids.next(), Instant.ofEpochMilli(t), client.id(),
                client.clientType(), rng.pick(client.sourceIps()), op.method(), op.operation(), status, bytes,
                records, customer));
    }

    // ---- network flows ----

    private SimulatedEvent flow(long t) {
        Population.Host host = population.pickHost(rng);
        int srcPort = rng.between(32_768, 60_999);
        double u = rng.uniform();
        NetworkEvent event;
        if (u < DNS_FLOWS) {
            event = new NetworkEvent(ids.next(), Instant.ofEpochMilli(t), host.ip(), srcPort,
                    rng.pick(Addresses.DNS_RESOLVERS), 53, "udp", (long) rng.between(40, 90),
                    (long) rng.between(60, 400), "SF");
        } else if (u < DNS_FLOWS + INTERNAL_FLOWS && !host.services().isEmpty()) {
            Population.InternalService service = rng.pick(host.services());
            event = new NetworkEvent(ids.next(), Instant.ofEpochMilli(t), host.ip(), srcPort, service.ip(),
                    service.port(), "tcp", Math.round(rng.logNormal(INTERNAL_BYTES_OUT, 0.5)),
                    Math.round(rng.logNormal(4_000, 0.7)), "SF");
        } else {
            String dst = rng.pickSkewed(host.destinations());
            int port = rng.chance(0.93) ? 443 : 80;
            double v = rng.uniform();
            if (v < UNANSWERED) {
                event = new NetworkEvent(ids.next(), Instant.ofEpochMilli(t), host.ip(), srcPort, dst, port, "tcp",
                        0L, 0L, "S0");
            } else {
                long out = Math.max(1, Math.round(rng.logNormal(host.medianBytesOut(), host.sigma())));
                long in = Math.max(1, Math.round(rng.logNormal(host.medianBytesOut() * 4, host.sigma())));
                event = new NetworkEvent(ids.next(), Instant.ofEpochMilli(t), host.ip(), srcPort, dst, port, "tcp",
                        out, in, v < UNANSWERED + 0.015 ? "RSTO" : "SF");
            }
        }
        return SimulatedEvent.of(event);
    }
}
