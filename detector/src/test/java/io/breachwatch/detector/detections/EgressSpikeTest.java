package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.DetectionHarness.concat;
import static io.breachwatch.detector.detections.Flows.MIB;
import static io.breachwatch.detector.detections.Flows.from;
import static io.breachwatch.detector.detections.Flows.repeat;
import static io.breachwatch.detector.detections.Logins.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * net.egress_spike: the bytes an internal host sends to outside addresses in one 5-minute bucket exceed its own
 * learned mean + 4σ, are ≥ 3× the mean and ≥ 20 MiB, after an hour of history (default-rules.yaml:
 * {@code measure: sum}, {@code field: bytes_out}, {@code bucket: 5m}, {@code warm_up: 12}, {@code sigma: 4},
 * {@code min_ratio: 3}, {@code floor: 20_971_520}, {@code suppression: 1h}).
 */
class EgressSpikeTest {
    private static final String RULE = "net.egress_spike";
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final String HOST_IP = "10.0.4.17";
    private static final Entity HOST = new Entity("src_ip", HOST_IP);
    /** An upload from the host to a server on the internet. */
    private static final Flows.Flow UPLOAD = from(HOST_IP).to("203.0.113.80");

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    /** An hour of a workstation's habit: 512 KiB out per 5 minutes (σ 0). */
    private static List<NetworkEvent> usualHour() {
        return UPLOAD.perBucket("09:00:00", FIVE_MINUTES, repeat(MIB / 2, 12));
    }

    @Test
    void twentyMebibytesOutFromAWorkstationThatUsuallySendsHalfAMebibyteAlerts() {
        // Given the usual hour, then 2 MiB uploads every 10 s from 10:00:00
        List<NetworkEvent> flows = concat(usualHour(), UPLOAD.sending(2 * MIB).times(20, "10:00:00", 10));

        // When only this rule looks at them
        List<Alert> alerts = rule().feed(flows);

        // Then one alert at the 10th upload: floor 20 MiB is the highest of mean + 4σ (0.5 MiB), 3 × mean (1.5 MiB)
        // and the floor; the other 10 uploads of the bucket raise nothing more
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, HOST, at("10:00:00"), at("10:01:30"), 20_971_520, 20_971_520));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.attack()).containsExactly("T1041", "T1048");
        assertThat(alert.summary()).isEqualTo("Egress spike: 10.0.4.17 sent 20971520 bytes outside in 1m30s "
                + "(40× its baseline of 524288 ± 0 per 5m)");
    }

    @Test
    void oneByteUnderTheFloorIsQuiet() {
        // Given the usual hour, then 20 MiB - 1 byte: 40 × its mean, but under the floor
        List<NetworkEvent> flows = concat(usualHour(), List.of(UPLOAD.sending(20 * MIB - 1).at("10:00:00")));

        assertThat(rule().feed(flows)).isEmpty();
    }

    @Test
    void aBackupHostNeedsThreeTimesItsMean() {
        // Given a host sending 10 MiB per 5 minutes: threshold 3 × 10 = 30 MiB (above the 20 MiB floor)
        List<NetworkEvent> backups = UPLOAD.perBucket("09:00:00", FIVE_MINUTES, repeat(10 * MIB, 12));

        // Then 30 MiB - 1 byte is quiet, 30 MiB alerts
        assertThat(rule().feed(concat(backups, List.of(UPLOAD.sending(30 * MIB - 1).at("10:00:00"))))).isEmpty();
        assertThat(Raised.all(rule().feed(concat(UPLOAD.perBucket("09:00:00", FIVE_MINUTES, repeat(10 * MIB, 12)),
                List.of(UPLOAD.sending(30 * MIB).at("10:00:00")))))).containsExactly(
                new Raised(RULE, HOST, at("10:00:00"), at("10:00:00"), 31_457_280, 31_457_280));
    }

    @Test
    void aNoisyHostMustExceedItsOwnMeanPlusFourSigma() {
        // Given a host alternating 2 and 18 MiB per 5 minutes: mean 10 MiB, σ 8 MiB, mean + 4σ = 42 MiB
        long[] noisy = {2 * MIB, 18 * MIB, 2 * MIB, 18 * MIB, 2 * MIB, 18 * MIB, 2 * MIB, 18 * MIB, 2 * MIB,
                18 * MIB, 2 * MIB, 18 * MIB};

        // Then exactly 42 MiB is not above mean + 4σ; one byte more is
        assertThat(rule().feed(concat(UPLOAD.perBucket("09:00:00", FIVE_MINUTES, noisy),
                List.of(UPLOAD.sending(42 * MIB).at("10:00:00"))))).isEmpty();
        assertThat(Raised.all(rule().feed(concat(UPLOAD.perBucket("09:00:00", FIVE_MINUTES, noisy),
                List.of(UPLOAD.sending(42 * MIB + 1).at("10:00:00")))))).containsExactly(
                new Raised(RULE, HOST, at("10:00:00"), at("10:00:00"), 44_040_193, 44_040_192));
    }

    @Test
    void noAlertBeforeTheWarmUpHourCompletes() {
        // Given 11 buckets of history (09:05-09:55, one short of warm_up: 12), then 1 GiB out
        List<NetworkEvent> flows = concat(UPLOAD.perBucket("09:05:00", FIVE_MINUTES, repeat(MIB / 2, 11)),
                List.of(UPLOAD.sending(1024 * MIB).at("10:00:00")));

        assertThat(rule().feed(flows)).isEmpty();
    }

    @Test
    void trafficThatDoesNotLeaveTheNetworkIsNotEgress() {
        // Given the usual hour, then 1 GiB in each of these flows in the next bucket
        List<NetworkEvent> flows = concat(usualHour(), List.of(
                from(HOST_IP).to("10.0.9.9").sending(1024 * MIB).at("10:00:00"),        // to another inside host
                from(HOST_IP).to("192.168.1.20").sending(1024 * MIB).at("10:00:01"),    // idem
                from(HOST_IP).to("169.254.169.254").sending(1024 * MIB).at("10:00:02"), // link-local (metadata)
                from(HOST_IP).to("224.0.0.251").sending(1024 * MIB).at("10:00:03"),     // multicast
                from("203.0.113.80").to(HOST_IP).sending(1024 * MIB).at("10:00:04")));  // inbound, from outside

        assertThat(rule().feed(flows)).isEmpty();
    }
}
