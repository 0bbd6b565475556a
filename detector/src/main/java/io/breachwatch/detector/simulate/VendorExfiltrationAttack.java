package io.breachwatch.detector.simulate;

import io.breachwatch.schema.ApiCallEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A vendor's API credential in the wrong hands. From a source address the vendor never used, at several times the
 * vendor's habitual call rate, the attacker calls operations the vendor never calls: bulk order exports (hundreds
 * of records per call), customer records and payment methods walked customer by customer through ids far outside
 * the vendor's usual customers, and, from {@code writesFrom} on, changes to orders and payments
 * (PUT /orders/{id}, PATCH /payments/{id}). The vendor's real integration keeps running alongside.
 */
final class VendorExfiltrationAttack implements TrafficModel {
    static final String NEW_SOURCE = "203.0.113.200";

    private static final List<Population.ApiOperation> READS = List.of(
            new Population.ApiOperation("GET", "/customers/{id}", 1, 1, 900, true),
            new Population.ApiOperation("GET", "/customers/{id}/payment-methods", 1, 3, 300, true),
            new Population.ApiOperation("GET", "/payments/{id}", 1, 1, 600, true));
    private static final Population.ApiOperation EXPORT =
            new Population.ApiOperation("GET", "/orders/export", 200, 500, 800, false);
    private static final List<Population.ApiOperation> WRITES = List.of(
            new Population.ApiOperation("PUT", "/orders/{id}", 1, 1, 500, true),
            new Population.ApiOperation("PATCH", "/payments/{id}", 1, 1, 400, true));

    private final Population.ApiClient vendor;
    private final long end;
    private final long writesFrom;
    private final double meanGapMillis;
    private final Rng rng;
    private final EventIds ids;
    private final List<Population.ApiOperation> reads = new ArrayList<>();
    private final Set<String> habitCustomers;
    private int customerCursor;
    private double t;

    /**
     * @param callsPerSecond the attacker's call rate
     * @param writesFrom     event time (epoch millis) from which the attacker also alters orders and payments
     */
    VendorExfiltrationAttack(Population.ApiClient vendor, long start, long end, long writesFrom,
                             double callsPerSecond, Rng rng, EventIds ids) {
        this.vendor = vendor;
        this.end = end;
        this.writesFrom = writesFrom;
        this.meanGapMillis = 1000.0 / callsPerSecond;
        this.rng = rng;
        this.ids = ids;
        // Only what this vendor has never called: every attack call is a first-seen operation for the credential.
        Set<String> habit = vendor.operationNames();
        READS.stream().filter(op -> !habit.contains(op.operation())).forEach(reads::add);
        this.habitCustomers = new HashSet<>(vendor.customers());
        this.customerCursor = rng.between(1, Population.CUSTOMERS);
        this.t = start;
    }

    static List<String> operations() {
        List<String> all = new ArrayList<>();
        READS.forEach(op -> all.add(op.operation()));
        all.add(EXPORT.operation());
        WRITES.forEach(op -> all.add(op.operation()));
        return all;
    }

    @Override
    public SimulatedEvent next() {
        long time = (long) t;
        if (time >= end) {
            return null;
        }
        t += rng.exponential(meanGapMillis);
        double u = rng.uniform();
        Population.ApiOperation op;
        if (time >= writesFrom && u < 0.15) {
            op = rng.pick(WRITES);
        } else if (u < 0.40) {
            op = EXPORT;
        } else {
            op = rng.pick(reads);
        }
        String customer = op.perCustomer() ? nextCustomer() : null;
        long records = rng.between(op.minRecords(), op.maxRecords());
        long bytes = 180 + Math.round(records * op.bytesPerRecord() * rng.logNormal(1, 0.1));
        return SimulatedEvent.of(new ApiCallEvent(ids.next(), Instant.ofEpochMilli(time), vendor.id(),
                vendor.clientType(), NEW_SOURCE, op.method(), op.operation(), 200, bytes, records, customer));
    }

    /** Walks the customer id space, skipping the vendor's own customers: every id is one it never touched. */
    private String nextCustomer() {
        String id;
        do {
            customerCursor = customerCursor % Population.CUSTOMERS + 1;
            id = Population.customerId(customerCursor);
        } while (habitCustomers.contains(id));
        return id;
    }
}
