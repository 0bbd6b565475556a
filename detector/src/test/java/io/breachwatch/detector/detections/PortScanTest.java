package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.DetectionHarness.concat;
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
 * net.port_scan: one source connects to ≥ 25 distinct ports of one destination within a minute
 * (default-rules.yaml: {@code at_least: 25}, {@code window: 1m}, {@code suppression: 15m}).
 */
class PortScanTest {
    private static final String RULE = "net.port_scan";
    private static final Flows.Flow SCANNER = from("198.51.100.9").to("10.0.0.5");
    private static final Entity SCANNED = new Entity("src_ip+dst_ip", "198.51.100.9,10.0.0.5");

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    @Test
    void twentyFivePortsOfOneHostWithinAMinuteAlert() {
        // Given probes of ports 20..44 of one host, 2 s apart (48 s in all)
        List<Alert> alerts = rule().feed(SCANNER.ports(ports(20, 25), "10:00:00", 2));

        // Then one alert at the 25th distinct port
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, SCANNED, at("10:00:00"), at("10:00:48"), 25, 25));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.attack()).containsExactly("T1046");
        assertThat(alert.summary()).isEqualTo("Port scan: 198.51.100.9,10.0.0.5 probed 25 distinct ports in 48s "
                + "(threshold 25 in 1m); ports include: 20, 21, 22, 23, 24, …");
    }

    @Test
    void twentyFourPortsProbedAgainAndAgainStayBelowTheThreshold() {
        // Given ports 20..43 (one distinct port fewer than at_least: 25), each probed three times within 48 s
        List<NetworkEvent> flows = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            flows.addAll(SCANNER.ports(ports(20, 24), "10:00:" + (round * 16 + 10), 0.5));
        }

        assertThat(rule().feed(flows)).isEmpty();
    }

    @Test
    void twentyFivePortsSpreadOverMoreThanAMinuteDoNotAlert() {
        // Given 25 ports 2.55 s apart: the 1st and the 25th are 61.2 s apart, just outside window: 1m
        assertThat(rule().feed(SCANNER.ports(ports(20, 25), "10:00:00", 2.55))).isEmpty();
    }

    @Test
    void aBusyClientOfOneServerIsNotAScan() {
        // Given a browser opening 300 connections to ports 80 and 443 of one server within a minute
        List<NetworkEvent> flows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            flows.add(SCANNER.port(i % 2 == 0 ? 443 : 80).at(at("10:00:00").plusMillis(200L * i)));
        }

        assertThat(rule().feed(flows)).isEmpty();
    }

    @Test
    void portsOfDifferentHostsAreNotAddedTogether() {
        // Given 13 ports of one host and 12 of another from the same source (a host sweep's business, not this one)
        List<NetworkEvent> flows = concat(SCANNER.ports(ports(20, 13), "10:00:00", 2),
                SCANNER.to("10.0.0.6").ports(ports(40, 12), "10:00:01", 2));
        flows.sort(java.util.Comparator.comparing(NetworkEvent::timestamp));

        assertThat(rule().feed(flows)).isEmpty();
    }

    @Test
    void flowsWithoutAPortAreNotCounted() {
        // Given 30 pings (ICMP: no port) and 24 ports within a minute
        List<NetworkEvent> flows = concat(SCANNER.icmp().times(30, "10:00:00", 1),
                SCANNER.ports(ports(20, 24), "10:00:30", 1));

        assertThat(rule().feed(flows)).isEmpty();
    }

    @Test
    void aLongScanAlertsOncePerSuppressionPeriod() {
        // Given ports 1..1000 at ten a second (10:00:00-10:01:39.900)
        List<Alert> alerts = rule().feed(SCANNER.ports(ports(1, 1000), "10:00:00", 0.1));

        // Then one alert at the 25th port; the rest of the scan is within suppression: 15m
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, SCANNED, at("10:00:00"), at("10:00:02.400"), 25, 25));
    }
}
