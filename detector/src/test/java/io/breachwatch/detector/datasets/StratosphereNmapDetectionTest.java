package io.breachwatch.detector.datasets;

import static io.breachwatch.detector.datasets.ReviewedCatalogue.HOST_SWEEP;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.PORT_SCAN;
import static io.breachwatch.detector.datasets.ReviewedCatalogue.PORT_SCAN_SLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.breachwatch.detector.datasets.DatasetReplay.Raised;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.parse.RequiredDataset;
import io.breachwatch.schema.parse.ZeekLog;
import io.breachwatch.schema.parse.ZeekParser;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real Stratosphere Zeek conn.log (JSON lines, 4,504 connections of one host running Nmap over three networks)
 * through the Zeek parser and the full built-in catalogue, read in place. Expectations come from the README's
 * counted ground truth and from reference counts over the same events in this test.
 *
 * <p>Given: every record is from the scanner 172.16.1.11; Zeek writes a record when the connection ends, so 639
 * adjacent records go backwards in time. When: the events are sorted by event time (stable), as the replay does, and
 * fed to the catalogue. Then: one port scan per scanned host, one slow scan per host that got all 100 ports, one host
 * sweep, and nothing else.
 */
class StratosphereNmapDetectionTest {
    @RegisterExtension
    static final RequiredDataset DATASET = RequiredDataset.file("stratosphere-nmap-portscan/conn.log");

    private static final String SCANNER = "172.16.1.11";

    private static List<NetworkEvent> fileOrder;
    private static List<NetworkEvent> events;
    private static DatasetReplay.Replayed replayed;

    @BeforeAll
    static void replayTheWholeFile() throws IOException {
        Path file = DATASET.path().orElse(null);
        if (file == null) {
            return;
        }
        List<CanonicalEvent> parsed = DatasetReplay.parse(file, new ZeekParser("conn.log", ZeekLog.CONN));
        fileOrder = parsed.stream().map(NetworkEvent.class::cast).toList();
        events = DatasetReplay.inEventTimeOrder(fileOrder);
        replayed = DatasetReplay.replay(events);
    }

    @Test
    void theFullCatalogueRaisesExactlyTheReferenceAlertsAndNothingElse() {
        List<Raised> expected = new ArrayList<>();
        expected.addAll(portScans());
        expected.addAll(slowPortScans());
        expected.addAll(hostSweeps());
        // net.egress_spike: see noEgressSpike; every auth and api rule: a conn.log has no such events.

        assertThat(events).hasSize(4_504);
        assertThat(replayed.lateEvents()).as("events beyond grace").isZero();
        assertThat(replayed.raised()).isEqualTo(DatasetReplay.sorted(expected));
        assertThat(replayed.countsByRule()).containsExactly(entry("net.host_sweep", 1L), entry("net.port_scan", 24L),
                entry("net.port_scan.slow", 23L));
    }

    @Test
    void everyHostThatGotAtLeast25PortsWithinAMinuteIsOnePortScan() {
        // README facts 1 and 2: 22 hosts of 10.0.2.0/24 get the whole top-100 list in the first minute of that scan
        // (3,206 connections from 15:31:40); 192.168.1.155's 100 ports are spread over 15:29-15:42 and reach 25
        // within one minute only at 15:40; 0.0.0.4 gets 40 ports (twice each) in 8 s. That is 24 (scanner, host)
        // pairs. Each alerts once: no host is scanned for longer than the 15-minute suppression.
        // Nothing in 172.16.1.0/24 (fact 5): ICMP has no ports, and TCP reached one host on 2 ports only.
        assertThat(replayed.entities(PORT_SCAN.id())).doesNotHaveDuplicates().hasSize(24)
                .allMatch(e -> e.startsWith(SCANNER + ","))
                .noneMatch(e -> e.startsWith(SCANNER + ",172.16.1."))
                .contains(SCANNER + ",192.168.1.155", SCANNER + ",0.0.0.4");
        assertThat(replayed.entities(PORT_SCAN.id())).filteredOn(e -> e.startsWith(SCANNER + ",10.0.2.")).hasSize(22);
    }

    @Test
    void theSlowScanIsRaisedForExactlyThe23HostsThatGotAll100Ports() {
        // README fact 1: exactly 100 distinct TCP ports (Nmap's top 100) and 23 hosts receive all of them; a full
        // list within one hour is the slow-scan rule's definition. 0.0.0.4 (40 ports) does not qualify.
        Map<String, Set<Integer>> portsPerPair = events.stream().filter(e -> e.dstPort() != null).collect(
                Collectors.groupingBy(StratosphereNmapDetectionTest::pair,
                        Collectors.mapping(NetworkEvent::dstPort, Collectors.toSet())));
        Set<String> allHundred = portsPerPair.entrySet().stream().filter(e -> e.getValue().size() >= 100)
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(events.stream().filter(e -> "tcp".equals(e.protocol())).map(NetworkEvent::dstPort).distinct())
                .hasSize(100);

        assertThat(allHundred).hasSize(23);
        assertThat(replayed.entities(PORT_SCAN_SLOW.id())).containsExactlyInAnyOrderElementsOf(allHundred);
    }

    @Test
    void theDiscoveryOf192_168_1_0IsOneHostSweep() {
        // README: the discovery of 192.168.1.0/24 reaches 101 hosts (TCP 80/443 pings) from 15:29:22; counted here,
        // at most 101 distinct internal hosts fall within any 60 s, and the 100th arrives under 3 s in. The rule fires
        // once; its 15-minute suppression covers the 10.0.2.0/24 scan two minutes later (29 hosts, far below 100
        // anyway). 0.0.0.4 and 8.8.8.8 are not internal and do not count.
        Map<String, Long> peak = DatasetReplay.peakInWindow(internal(), NetworkEvent::srcIp, HOST_SWEEP.window(),
                span -> span.stream().map(NetworkEvent::dstIp).distinct().count());
        assertThat(peak).containsExactly(entry(SCANNER, 101L));

        List<Alert> sweeps = replayed.of(HOST_SWEEP.id());
        assertThat(sweeps).hasSize(1);
        assertThat(sweeps.get(0).entity().value()).isEqualTo(SCANNER);
        assertThat(sweeps.get(0).detectedAt()).isBetween(Instant.parse("2022-09-29T15:29:22Z"),
                Instant.parse("2022-09-29T15:29:25Z"));
        assertThat(sweeps.get(0).summary()).contains("192.168.1.");
    }

    @Test
    void noEgressSpike() {
        // README fact 3: the scan carries almost no payload, 3,136 bytes from the scanner in the whole file (most
        // records are S0 or REJ and have no byte counts). The rule needs 20 MiB leaving in one 5-minute bucket
        // before any baseline matters, so it cannot fire, whatever its warm-up.
        long bytesOut = events.stream().map(NetworkEvent::bytesOut).filter(Objects::nonNull)
                .mapToLong(Long::longValue).sum();
        assertThat(bytesOut).isEqualTo(3_136L).isLessThan(ReviewedCatalogue.EGRESS_FLOOR_BYTES);
        assertThat(replayed.of(ReviewedCatalogue.EGRESS_SPIKE)).isEmpty();
    }

    @Test
    void fileOrderIsAbsorbedByGraceAndRaisesTheSameAlerts() {
        // Why sorting is a choice, not a necessity, here: Zeek writes a connection when it ends, so its disorder is
        // bounded by connection lifetimes and timeouts (no record is more than 302 s behind the newest before it in
        // this file), well inside the 15-minute grace: replaying in file order evaluates every event and raises the
        // same alerts for the same entities. (The times may differ by the disorder.)
        assertThat(DatasetReplay.backwardSteps(fileOrder)).isEqualTo(639);
        DatasetReplay.Replayed unsorted = DatasetReplay.replay(fileOrder);

        assertThat(unsorted.lateEvents()).isZero();
        assertThat(unsorted.raised()).extracting(Raised::rule, Raised::entity)
                .containsExactlyInAnyOrderElementsOf(replayed.raised().stream()
                        .map(r -> tuple(r.rule(), r.entity())).toList());
    }

    private static List<Raised> portScans() {
        return DatasetReplay.slidingWindow(PORT_SCAN.id(), withPort(), StratosphereNmapDetectionTest::pair,
                PORT_SCAN.window(), PORT_SCAN.suppression(), span -> distinctPorts(span) >= PORT_SCAN.atLeast());
    }

    private static List<Raised> slowPortScans() {
        return DatasetReplay.slidingWindow(PORT_SCAN_SLOW.id(), withPort(), StratosphereNmapDetectionTest::pair,
                PORT_SCAN_SLOW.window(), PORT_SCAN_SLOW.suppression(),
                span -> distinctPorts(span) >= PORT_SCAN_SLOW.atLeast());
    }

    private static List<Raised> hostSweeps() {
        return DatasetReplay.slidingWindow(HOST_SWEEP.id(), internal(), NetworkEvent::srcIp, HOST_SWEEP.window(),
                HOST_SWEEP.suppression(),
                span -> span.stream().map(NetworkEvent::dstIp).distinct().count() >= HOST_SWEEP.atLeast());
    }

    /** The entity of the port-scan rules: group_by [src_ip, dst_ip], joined with a comma. */
    private static String pair(NetworkEvent event) {
        return event.srcIp() + "," + event.dstIp();
    }

    /** The port-scan rules count any connection with a destination port: TCP and UDP (ICMP has none). */
    private static List<NetworkEvent> withPort() {
        return events.stream().filter(e -> e.dstPort() != null).toList();
    }

    private static long distinctPorts(List<NetworkEvent> span) {
        return span.stream().map(NetworkEvent::dstPort).distinct().count();
    }

    private static List<NetworkEvent> internal() {
        return events.stream().filter(e -> ReviewedCatalogue.INTERNAL_NETWORKS.stream()
                .anyMatch(network -> inNetwork(e.dstIp(), network))).toList();
    }

    /** Plain prefix arithmetic, independent of the engine's CIDR code. */
    static boolean inNetwork(String address, String cidr) {
        try {
            String[] parts = cidr.split("/");
            byte[] a = InetAddress.getByName(address).getAddress();
            byte[] n = InetAddress.getByName(parts[0]).getAddress();
            if (a.length != n.length) {
                return false;
            }
            int bits = a.length * 8;
            int prefix = Integer.parseInt(parts[1]);
            int drop = bits - prefix;
            return new BigInteger(1, a).shiftRight(drop).equals(new BigInteger(1, n).shiftRight(drop));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address + " or " + cidr + " is not an address literal", e);
        }
    }
}
