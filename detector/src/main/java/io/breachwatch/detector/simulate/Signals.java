package io.breachwatch.detector.simulate;

/** Catalogue rule ids (design.md §3) that scenarios are designed to trigger. */
public final class Signals {
    public static final String BRUTE_FORCE_SOURCE = "auth.brute_force.source";
    public static final String BRUTE_FORCE_ACCOUNT = "auth.brute_force.account";
    public static final String PASSWORD_SPRAY = "auth.password_spray";
    public static final String CREDENTIAL_STUFFING = "auth.credential_stuffing";
    public static final String SUCCESS_AFTER_FAILURES = "auth.success_after_failures";
    public static final String FAILURE_SURGE = "auth.failure_surge";
    public static final String VENDOR_VOLUME_ANOMALY = "api.vendor_volume_anomaly";
    public static final String VENDOR_DATA_VOLUME = "api.vendor_data_volume";
    public static final String RECORD_HARVESTING = "api.record_harvesting";
    public static final String NEW_ENDPOINT = "api.new_endpoint";
    public static final String SENSITIVE_WRITE = "api.sensitive_write";
    public static final String ERROR_BURST = "api.error_burst";
    public static final String CREDENTIAL_NEW_SOURCE = "api.credential_new_source";
    public static final String EGRESS_SPIKE = "net.egress_spike";
    public static final String PORT_SCAN = "net.port_scan";
    public static final String HOST_SWEEP = "net.host_sweep";
    public static final String BREACH_IN_PROGRESS = "incident.breach_in_progress";

    private Signals() {
    }
}
