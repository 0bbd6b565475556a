package io.breachwatch.detector.engine;

import io.breachwatch.detector.rules.AggregateSpec;
import io.breachwatch.detector.rules.Filter;
import io.breachwatch.detector.rules.Origin;
import io.breachwatch.detector.rules.RuleSpec;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Small builders for engine tests: rules written in Java, API and network events at explicit times. */
final class EngineFixtures {
    private static final AtomicLong IDS = new AtomicLong();
    static final Instant T0 = Instant.parse("2026-03-14T00:00:00Z");

    private EngineFixtures() {
    }

    static RuleSpec rule(String id, io.breachwatch.schema.EventType type, Filter where, List<String> groupBy,
                         Duration window, AggregateSpec aggregate, String explainBy) {
        return new RuleSpec(id, id, id, type, where, groupBy, window, null, aggregate, Severity.HIGH,
                List.of("T1199"), Duration.ofMinutes(30), "{rule} on {entity}: {observed} vs {threshold}", explainBy,
                true, Origin.BUILT_IN);
    }

    static ApiCallEvent call(String client, String operation, long records, String customer, Instant at) {
        return new ApiCallEvent("a" + IDS.incrementAndGet(), at, client, "third_party", "198.51.100.10", "GET",
                operation, 200, 1000L, records, customer);
    }

    static ApiCallEvent call(String client, String ip, int status, Instant at) {
        return new ApiCallEvent("a" + IDS.incrementAndGet(), at, client, "third_party", ip, "GET",
                "GET /orders/{id}", status, 1000L, 1L, null);
    }

    static NetworkEvent flow(String src, String dst, int port, long bytesOut, Instant at) {
        return new NetworkEvent("n" + IDS.incrementAndGet(), at, src, 40000, dst, port, "tcp", bytesOut, 100L, "SF");
    }
}
