package io.breachwatch.detector.datasets;

import java.time.Duration;
import java.util.List;

/**
 * The parts of {@code rules/default-rules.yaml} that the dataset expectations of this package were derived from.
 * The reference models in the dataset tests use these numbers; {@link ReviewedCatalogueTest} checks that the
 * catalogue still says the same, so a changed threshold or a new rule fails loudly there, with a request to
 * re-derive the expectations, instead of quietly changing what "expected" means.
 */
final class ReviewedCatalogue {
    /** A windowed rule: at least {@code atLeast} in {@code window}, then quiet for {@code suppression}. */
    record Windowed(String id, Duration window, long atLeast, Duration suppression) {
    }

    /** Every rule of the catalogue, in file order, as reviewed for the dataset tests. */
    static final List<String> RULE_IDS = List.of(
            "auth.brute_force.source", "auth.brute_force.account", "auth.password_spray",
            "auth.credential_stuffing", "auth.success_after_failures", "auth.failure_surge",
            "api.vendor_volume_anomaly", "api.vendor_data_volume", "api.vendor_data_volume.records",
            "api.record_harvesting", "api.record_harvesting.cap", "api.new_endpoint", "api.sensitive_write",
            "api.error_burst", "api.key_enumeration", "api.credential_new_source",
            "net.egress_spike", "net.port_scan", "net.port_scan.slow", "net.host_sweep");

    /** The api rules that only see {@code client_type: third_party}. */
    static final List<String> THIRD_PARTY_API_RULES = List.of(
            "api.vendor_volume_anomaly", "api.vendor_data_volume", "api.vendor_data_volume.records",
            "api.record_harvesting", "api.record_harvesting.cap", "api.new_endpoint", "api.sensitive_write",
            "api.credential_new_source");

    static final Windowed BRUTE_FORCE_SOURCE =
            new Windowed("auth.brute_force.source", Duration.ofMinutes(2), 8, Duration.ofMinutes(10));
    static final Windowed BRUTE_FORCE_ACCOUNT =
            new Windowed("auth.brute_force.account", Duration.ofMinutes(5), 10, Duration.ofMinutes(15));
    /** At least 10 distinct users; plus {@link #SPRAY_MIN_EVENTS} failures, top user ≤ {@link #SPRAY_TOP_SHARE}. */
    static final Windowed PASSWORD_SPRAY =
            new Windowed("auth.password_spray", Duration.ofMinutes(5), 10, Duration.ofMinutes(15));
    static final long SPRAY_MIN_EVENTS = 20;
    static final double SPRAY_TOP_SHARE = 0.5;
    /** At least 15 distinct users; plus {@link #STUFFING_MIN_EVENTS} failures, top ≤ {@link #STUFFING_TOP_SHARE}. */
    static final Windowed CREDENTIAL_STUFFING =
            new Windowed("auth.credential_stuffing", Duration.ofMinutes(10), 15, Duration.ofMinutes(30));
    static final long STUFFING_MIN_EVENTS = 15;
    static final double STUFFING_TOP_SHARE = 0.15;
    /** At least 5 failures from the source in the window before its success. */
    static final Windowed SUCCESS_AFTER_FAILURES =
            new Windowed("auth.success_after_failures", Duration.ofMinutes(10), 5, Duration.ofMinutes(30));

    /** auth.failure_surge: per-minute buckets, 30 of warm-up, mean + 4 sigma, 3x the mean, at least 30. */
    static final String FAILURE_SURGE = "auth.failure_surge";
    static final Duration SURGE_BUCKET = Duration.ofMinutes(1);
    static final int SURGE_WARM_UP = 30;
    static final double SURGE_SIGMA = 4;
    static final double SURGE_MIN_RATIO = 3;
    static final double SURGE_FLOOR = 30;
    static final Duration SURGE_SUPPRESSION = Duration.ofMinutes(30);

    /** Errors (statuses below) ≥ 20 and ≥ {@link #ERROR_BURST_MIN_SHARE} of the calls of one client and address. */
    static final Windowed ERROR_BURST =
            new Windowed("api.error_burst", Duration.ofMinutes(1), 20, Duration.ofMinutes(10));
    static final double ERROR_BURST_MIN_SHARE = 0.5;
    static final List<Integer> ERROR_BURST_STATUSES = List.of(401, 403, 404, 500, 501);

    /** Distinct client ids refused (statuses below) from one source address. */
    static final Windowed KEY_ENUMERATION =
            new Windowed("api.key_enumeration", Duration.ofMinutes(10), 10, Duration.ofHours(1));
    static final List<Integer> KEY_ENUMERATION_STATUSES = List.of(401, 403);

    /** Distinct destination ports of one (source, destination). */
    static final Windowed PORT_SCAN = new Windowed("net.port_scan", Duration.ofMinutes(1), 25, Duration.ofMinutes(15));
    static final Windowed PORT_SCAN_SLOW =
            new Windowed("net.port_scan.slow", Duration.ofHours(1), 100, Duration.ofHours(1));
    /** Distinct internal destination hosts of one source. */
    static final Windowed HOST_SWEEP =
            new Windowed("net.host_sweep", Duration.ofMinutes(1), 100, Duration.ofMinutes(15));
    static final List<String> INTERNAL_NETWORKS =
            List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7");

    /** net.egress_spike: a bucket must carry at least this many bytes out (20 MiB in 5 minutes) to alert. */
    static final String EGRESS_SPIKE = "net.egress_spike";
    static final long EGRESS_FLOOR_BYTES = 20_971_520L;

    private ReviewedCatalogue() {
    }
}
