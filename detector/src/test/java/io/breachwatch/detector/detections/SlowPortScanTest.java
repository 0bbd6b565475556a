package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.Flows.from;
import static io.breachwatch.detector.detections.Flows.ports;
import static io.breachwatch.detector.detections.Logins.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * net.port_scan.slow: one source connects to ≥ 100 distinct ports of one destination within an hour
 * (default-rules.yaml: {@code at_least: 100}, {@code window: 1h}, {@code suppression: 1h}).
 */
class SlowPortScanTest {
    private static final String RULE = "net.port_scan.slow";
    private static final Flows.Flow SCANNER = from("198.51.100.9").to("10.0.0.5");
    private static final Entity SCANNED = new Entity("src_ip+dst_ip", "198.51.100.9,10.0.0.5");

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    @Test
    void aHundredPortsAtOneEveryThirtySecondsAlert() {
        // Given ports 1..100 probed one every 30 s (49m30s in all), with the one-minute rule watching too
        List<Alert> alerts = new DetectionHarness(RULE, "net.port_scan")
                .feed(SCANNER.ports(ports(1, 100), "10:00:00", 30));

        // Then only the slow rule, at the 100th port: two probes a minute never reach the fast rule's 25
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, SCANNED, at("10:00:00"), at("10:49:30"), 100, 100));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.attack()).containsExactly("T1046");
        assertThat(alert.summary()).isEqualTo("Slow port scan: 198.51.100.9,10.0.0.5 probed 100 distinct ports in "
                + "49m30s (threshold 100 in 1h); ports include: 1, 10, 100, 11, 12, …");
    }

    @Test
    void oneProbeEveryThirtySixSecondsIsStillCaught() {
        // Given the rule's stated pace: 100 ports 36 s apart, 59m24s in all
        assertThat(Raised.all(rule().feed(SCANNER.ports(ports(1, 100), "10:00:00", 36)))).containsExactly(
                new Raised(RULE, SCANNED, at("10:00:00"), at("10:59:24"), 100, 100));
    }

    @Test
    void aHundredPortsSpreadOverMoreThanAnHourDoNotAlert() {
        // Given 100 ports 36.4 s apart: the 1st and the 100th are 1h0m3.6s apart, just outside window: 1h
        assertThat(rule().feed(SCANNER.ports(ports(1, 100), "10:00:00", 36.4))).isEmpty();
    }

    @Test
    void ninetyNinePortsWithinAnHourStayBelowTheThreshold() {
        // Given ports 1..99 (one fewer than at_least: 100), each probed twice within the hour
        List<NetworkEvent> flows = new ArrayList<>(SCANNER.ports(ports(1, 99), "10:00:00", 15));
        flows.addAll(SCANNER.ports(ports(1, 99), "10:30:00", 15));

        assertThat(rule().feed(flows)).isEmpty();
    }

    @Test
    void monitoringAHostsServicesAllDayIsNotAScan() {
        // Given a monitoring server checking 10 service ports of one host every minute for two hours
        List<Integer> services = List.of(22, 25, 53, 80, 110, 143, 443, 993, 3306, 5432);
        List<NetworkEvent> flows = new ArrayList<>();
        for (int minute = 0; minute < 120; minute++) {
            flows.addAll(from("10.0.1.5").to("10.0.0.5").ports(services,
                    String.format("%02d:%02d:00", 10 + minute / 60, minute % 60), 1));
        }

        assertThat(rule().feed(flows)).isEmpty();
    }

    @Test
    void aFastScanAlsoRaisesTheSlowRuleOnceItReachesAHundredPorts() {
        // Given ports 1..100 at five a second
        List<Alert> alerts = new DetectionHarness(RULE, "net.port_scan")
                .feed(SCANNER.ports(ports(1, 100), "10:00:00", 0.2));

        // Then both views, each once: 25 ports in a minute, then 100 in an hour
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised("net.port_scan", SCANNED, at("10:00:00"), at("10:00:04.800"), 25, 25),
                new Raised(RULE, SCANNED, at("10:00:00"), at("10:00:19.800"), 100, 100));
    }
}
