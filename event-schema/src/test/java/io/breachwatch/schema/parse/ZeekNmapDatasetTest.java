package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.breachwatch.schema.NetworkEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real Stratosphere Zeek conn.log (JSON lines) of one host running Nmap scans, read in place from the shared
 * datasets through {@link LogReader}, as the replay reads files. Expected figures are the ground truth in
 * {@code stratosphere-nmap-portscan/README.md}, counted there independently of this parser.
 */
class ZeekNmapDatasetTest {
    @RegisterExtension
    static final RequiredDataset DATASET = RequiredDataset.file("stratosphere-nmap-portscan/conn.log");

    private static ParseStats stats;
    private static List<NetworkEvent> events;

    @BeforeAll
    static void parseTheWholeFile() throws IOException {
        Optional<Path> file = DATASET.path();
        if (file.isEmpty()) {
            return;
        }
        // The detector must infer "conn" from the fields, as the replay will without --format.
        FormatDetector.Detection detection = FormatDetector.detect(file.get());
        assertThat(detection.format()).isEqualTo(LogFormat.ZEEK_JSON);
        assertThat(detection.zeekLog()).isEqualTo(ZeekLog.CONN);

        ZeekParser parser = new ZeekParser("conn.log", detection.zeekLog());
        stats = new ParseStats("conn.log");
        List<NetworkEvent> read = new ArrayList<>();
        try (LogReader reader = LogReader.open(file.get())) {
            LogReader.Line line;
            while ((line = reader.next()) != null) {
                ParseResult result = parser.parse(line.text(), line.number());
                stats.record(line.number(), result);
                result.events().forEach(e -> read.add((NetworkEvent) e));
            }
        }
        assertThat(parser.finish()).isEmpty();
        events = read;
    }

    @Test
    void all4504RecordsAreEventsAndNoneIsUnparseable() {
        assertThat(stats.lines()).isEqualTo(4_504);
        assertThat(stats.unparseable()).as(stats.toString()).isZero();
        assertThat(events).hasSize(4_504);
        assertThat(events).extracting(NetworkEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void everyRecordComesFromTheScanner() {
        assertThat(events).extracting(NetworkEvent::srcIp).containsOnly("172.16.1.11");
    }

    @Test
    void protocolAndStateCountsMatchTheReadme() {
        assertThat(countBy(NetworkEvent::protocol))
                .containsOnly(entry("tcp", 4_062L), entry("icmp", 383L), entry("udp", 59L));
        assertThat(countBy(NetworkEvent::state)).containsOnly(entry("S0", 2_409L), entry("REJ", 1_273L),
                entry("OTH", 652L), entry("RSTO", 95L), entry("SHR", 43L), entry("RSTRH", 32L));
        // ICMP type/code are not ports
        assertThat(events).filteredOn(e -> e.protocol().equals("icmp"))
                .allMatch(e -> e.srcPort() == null && e.dstPort() == null);
    }

    @Test
    void scannerTouched100DistinctTcpPortsOn182Hosts() {
        assertThat(events.stream().filter(e -> e.protocol().equals("tcp")).map(NetworkEvent::dstPort).distinct())
                .hasSize(100)
                .contains(7, 22, 80, 443, 3389, 8080, 32768, 49152, 49157);
        assertThat(events.stream().map(NetworkEvent::dstIp).distinct()).hasSize(182);
    }

    @Test
    void peakMinuteHas3206TcpRecordsFrom15_31_40_307() {
        Instant start = Instant.parse("2022-09-29T15:31:40.307Z");
        Instant end = start.plusSeconds(60);

        assertThat(events).filteredOn(e -> e.protocol().equals("tcp") && !e.timestamp().isBefore(start)
                && e.timestamp().isBefore(end)).hasSize(3_206);
        // the window's first record is 15:31:40.307133, microseconds kept
        assertThat(events).extracting(NetworkEvent::timestamp)
                .contains(Instant.parse("2022-09-29T15:31:40.307133Z"));
    }

    @Test
    void payloadTotalsMatchTheReadme() {
        assertThat(events.stream().mapToLong(e -> e.bytesOut() == null ? 0 : e.bytesOut()).sum()).isEqualTo(3_136);
        assertThat(events.stream().mapToLong(e -> e.bytesIn() == null ? 0 : e.bytesIn()).sum()).isEqualTo(14_616);
    }

    @Test
    void spanIsTheReadmes66Minutes() {
        assertThat(events.stream().map(NetworkEvent::timestamp).min(Instant::compareTo))
                .contains(Instant.parse("2022-09-29T14:40:56.755299Z"));
        assertThat(events.stream().map(NetworkEvent::timestamp).max(Instant::compareTo))
                .contains(Instant.parse("2022-09-29T15:47:35.076524Z"));
    }

    private static <K> Map<K, Long> countBy(Function<NetworkEvent, K> key) {
        return events.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
