package io.breachwatch.detector.detections;

import io.breachwatch.schema.ApiCallEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test fixtures: API calls with explicit event times on 2026-03-14 (UTC) and the days after it. A {@link Call} is
 * one client's call shape (who, from where, which operation, what came back); {@code at} stamps it with a time.
 */
final class ApiCalls {
    /** Where the vendor integrations of these fixtures normally call from (their cloud NAT). */
    static final String VENDOR_NAT = "198.51.100.10";
    private static final AtomicLong IDS = new AtomicLong();

    private ApiCalls() {
    }

    /** A third-party integration reading one order from its usual address: 200, 2,000 bytes, 1 record. */
    static Call vendor(String clientId) {
        return new Call(clientId, "third_party", VENDOR_NAT, "GET /orders/{id}", 200, 2_000L, 1L, null);
    }

    /** The platform's own (first-party) client: the vendor rules do not look at it. */
    static Call firstParty(String clientId) {
        return new Call(clientId, "first_party", "10.0.3.20", "GET /orders/{id}", 200, 2_000L, 1L, null);
    }

    /** {@code time} ("10:00:05") on day {@code n} after the fixture day (day 0 is 2026-03-14). */
    static Instant day(int n, String time) {
        return Logins.at(time).plus(Duration.ofDays(n));
    }

    /**
     * One client's call; the {@code with…} methods return a changed copy.
     *
     * @param operation "METHOD /path/{id}", as the parsers write it; the method is its first word
     */
    record Call(String clientId, String clientType, String sourceIp, String operation, int status, Long bytes,
                Long records, String customer) {

        Call calling(String newOperation) {
            return new Call(clientId, clientType, sourceIp, newOperation, status, bytes, records, customer);
        }

        Call from(String newSourceIp) {
            return new Call(clientId, clientType, newSourceIp, operation, status, bytes, records, customer);
        }

        Call status(int newStatus) {
            return new Call(clientId, clientType, sourceIp, operation, newStatus, bytes, records, customer);
        }

        Call bytes(Long newBytes) {
            return new Call(clientId, clientType, sourceIp, operation, status, newBytes, records, customer);
        }

        Call records(Long newRecords) {
            return new Call(clientId, clientType, sourceIp, operation, status, bytes, newRecords, customer);
        }

        Call customer(String newCustomer) {
            return new Call(clientId, clientType, sourceIp, operation, status, bytes, records, newCustomer);
        }

        ApiCallEvent at(String time) {
            return at(Logins.at(time));
        }

        ApiCallEvent at(Instant time) {
            return new ApiCallEvent("a" + IDS.incrementAndGet(), time, clientId, clientType, sourceIp,
                    operation.substring(0, operation.indexOf(' ')), operation, status, bytes, records, customer);
        }

        /** {@code count} calls, {@code stepSeconds} apart, the first at {@code start}. */
        List<ApiCallEvent> times(int count, String start, double stepSeconds) {
            return times(count, Logins.at(start), stepSeconds);
        }

        List<ApiCallEvent> times(int count, Instant start, double stepSeconds) {
            List<ApiCallEvent> calls = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                calls.add(at(start.plusMillis(Math.round(i * stepSeconds * 1000))));
            }
            return calls;
        }

        /** One call for each customer c{first}..c{first + count - 1}, {@code stepSeconds} apart. */
        List<ApiCallEvent> customers(int first, int count, String start, double stepSeconds) {
            List<ApiCallEvent> calls = new ArrayList<>(count);
            Instant t0 = Logins.at(start);
            for (int i = 0; i < count; i++) {
                calls.add(customer("c" + (first + i)).at(t0.plusMillis(Math.round(i * stepSeconds * 1000))));
            }
            return calls;
        }

        /** History: {@code counts[i]} calls spread evenly over the i-th {@code bucket} from {@code start}. */
        List<ApiCallEvent> perBucket(String start, Duration bucket, int... counts) {
            List<ApiCallEvent> calls = new ArrayList<>();
            Instant t0 = Logins.at(start);
            for (int b = 0; b < counts.length; b++) {
                for (int i = 0; i < counts[b]; i++) {
                    calls.add(at(t0.plus(bucket.multipliedBy(b)).plus(bucket.multipliedBy(i).dividedBy(counts[b]))));
                }
            }
            return calls;
        }

        /**
         * History: in the i-th {@code bucket} from {@code start}, one call for each of the customers
         * c1..c{distinct[i]}, spread evenly (the same regular customers every time).
         */
        List<ApiCallEvent> customersPerBucket(String start, Duration bucket, int... distinct) {
            List<ApiCallEvent> calls = new ArrayList<>();
            Instant t0 = Logins.at(start);
            for (int b = 0; b < distinct.length; b++) {
                for (int i = 0; i < distinct[b]; i++) {
                    calls.add(customer("c" + (i + 1)).at(t0.plus(bucket.multipliedBy(b))
                            .plus(bucket.multipliedBy(i).dividedBy(distinct[b]))));
                }
            }
            return calls;
        }
    }

    /** {@code value} repeated {@code times} times: {@code repeat(60, 12)} is an hour of 5-minute buckets of 60. */
    static int[] repeat(int value, int times) {
        int[] counts = new int[times];
        java.util.Arrays.fill(counts, value);
        return counts;
    }
}
