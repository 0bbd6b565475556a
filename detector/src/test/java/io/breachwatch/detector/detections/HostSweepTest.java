package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.DetectionHarness.concat;
import static io.breachwatch.detector.detections.Flows.from;
import static io.breachwatch.detector.detections.Logins.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * net.host_sweep: one source connects to ≥ 100 distinct internal hosts within a minute (default-rules.yaml:
 * {@code at_least: 100}, {@code window: 1m}, {@code suppression: 15m}; internal = 10/8, 172.16/12, 192.168/16,
 * 100.64/10, fc00::/7).
 */
class HostSweepTest {
    private static final String RULE = "net.host_sweep";
    private static final String SWEEPER_IP = "10.0.4.17";
    private static final Entity SWEEPER = new Entity("src_ip", SWEEPER_IP);
    /** SMB probes from a compromised workstation. */
    private static final Flows.Flow SMB = from(SWEEPER_IP).port(445);

    private static DetectionHarness rule() {
        return new DetectionHarness(RULE);
    }

    @Test
    void aHundredInternalHostsWithinAMinuteAlert() {
        // Given SMB probes of 10.0.2.1..10.0.2.100, 0.5 s apart (49.5 s in all)
        List<Alert> alerts = rule().feed(SMB.hosts("10.0.2.", 1, 100, "10:00:00", 0.5));

        // Then one alert at the 100th host
        assertThat(Raised.all(alerts)).containsExactly(
                new Raised(RULE, SWEEPER, at("10:00:00"), at("10:00:49.500"), 100, 100));
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.attack()).containsExactly("T1046");
        assertThat(alert.summary()).isEqualTo("Host sweep: 10.0.4.17 reached 100 distinct internal hosts in 49s "
                + "(threshold 100 in 1m); hosts include: 10.0.2.1, 10.0.2.10, 10.0.2.100, 10.0.2.11, 10.0.2.12, …");
    }

    @Test
    void ipv6UniqueLocalNetworksCountToo() {
        // Given a sweep of 100 hosts of an IPv6 unique-local network (fc00::/7)
        assertThat(Raised.all(rule().feed(SMB.hosts("fd12:3456::", 1, 100, "10:00:00", 0.5)))).containsExactly(
                new Raised(RULE, SWEEPER, at("10:00:00"), at("10:00:49.500"), 100, 100));
    }

    @Test
    void ninetyNineHostsStayBelowTheThreshold() {
        // Given one host fewer than at_least: 100, each probed twice within the minute
        List<NetworkEvent> flows = concat(SMB.hosts("10.0.2.", 1, 99, "10:00:00", 0.25),
                SMB.hosts("10.0.2.", 1, 99, "10:00:25", 0.25));

        assertThat(rule().feed(flows)).isEmpty();
    }

    @Test
    void aHundredHostsSpreadOverMoreThanAMinuteDoNotAlert() {
        // Given 100 hosts 0.62 s apart: the 1st and the 100th are 61.38 s apart, just outside window: 1m
        assertThat(rule().feed(SMB.hosts("10.0.2.", 1, 100, "10:00:00", 0.62))).isEmpty();
    }

    @Test
    void aProxyReachingHundredsOfInternetHostsIsNotASweep() {
        // Given a web proxy reaching 500 distinct internet hosts, and 99 internal ones, within a minute
        Flows.Flow proxy = from(SWEEPER_IP).port(443);
        List<NetworkEvent> flows = concat(proxy.hosts("203.0.113.", 1, 250, "10:00:00", 0.1),
                proxy.hosts("198.51.100.", 1, 250, "10:00:25", 0.1),
                proxy.hosts("172.16.0.", 1, 99, "10:00:50", 0.05));

        assertThat(rule().feed(flows)).isEmpty();
    }

    @Test
    void aLongSweepAlertsOncePerSuppressionPeriod() {
        // Given a sweep of 10.0.0.0/16's first 1,000 hosts at ten a second (100 s)
        List<NetworkEvent> flows = concat(SMB.hosts("10.0.2.", 1, 250, "10:00:00", 0.1),
                SMB.hosts("10.0.3.", 1, 250, "10:00:25", 0.1), SMB.hosts("10.0.4.", 1, 250, "10:00:50", 0.1),
                SMB.hosts("10.0.5.", 1, 250, "10:01:15", 0.1));

        // Then one alert at the 100th host; the rest of the sweep is within suppression: 15m
        assertThat(Raised.all(rule().feed(flows))).containsExactly(
                new Raised(RULE, SWEEPER, at("10:00:00"), at("10:00:09.900"), 100, 100));
    }
}
