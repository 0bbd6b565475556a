package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.breachwatch.schema.ApiCallEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real CloudTrail of a Stratus Red Team run (55 S3 delivery objects, 2,900 records), read in place from the
 * shared datasets through {@link LogReader} in file-name order, as the replay reads a directory. Expected figures are
 * the ground truth in {@code invictus-stratus-cloudtrail/README.md}, counted there independently of this parser.
 */
class CloudTrailStratusDatasetTest {
    @RegisterExtension
    static final RequiredDataset DATASET = RequiredDataset.directory("invictus-stratus-cloudtrail/CloudTrail");

    private static final String PASSWORD_DATA_SESSION =
            "stratus-red-team-ec2-get-password-data-role/aws-go-sdk-1688990082523310002";
    private static final String STOLEN_INSTANCE_SESSION =
            "stratus-red-team-ec2-steal-credentials-role/i-0dbc91f429e48eeed";

    private static List<Path> files;
    private static long unparseable;
    private static List<ApiCallEvent> events;

    @BeforeAll
    static void parseEveryFile() throws IOException {
        Optional<Path> dir = DATASET.path();
        if (dir.isEmpty()) {
            return;
        }
        try (Stream<Path> listing = Files.list(dir.get())) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<ApiCallEvent> read = new ArrayList<>();
        for (Path file : files) {
            FormatDetector.Detection detection = FormatDetector.detect(file);
            assertThat(detection.format()).as(detection.message()).isEqualTo(LogFormat.CLOUDTRAIL);
            CloudTrailParser parser = new CloudTrailParser(file.getFileName().toString());
            ParseStats stats = new ParseStats(file.getFileName().toString());
            try (LogReader reader = LogReader.open(file)) {
                LogReader.Line line;
                while ((line = reader.next()) != null) {
                    ParseResult result = parser.parse(line.text(), line.number());
                    stats.record(line.number(), result);
                    result.events().forEach(e -> read.add((ApiCallEvent) e));
                }
            }
            stats.recordEvents(parser.finish());
            assertThat(stats.unparseable()).as(stats.toString()).isZero();
            unparseable += stats.unparseable();
        }
        events = read;
    }

    @Test
    void all2900RecordsOf55FilesAreEventsAndNoneIsUnparseable() {
        assertThat(files).hasSize(55);
        assertThat(unparseable).isZero();
        assertThat(events).hasSize(2_900);
        assertThat(events).extracting(ApiCallEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void recordsComeInFileOrderNotTimeOrder() {
        // README: 683 backward steps when files are read in name order; the parser must not reorder
        long backwards = 0;
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).timestamp().isBefore(events.get(i - 1).timestamp())) {
                backwards++;
            }
        }
        assertThat(backwards).isEqualTo(683);
        assertThat(events.stream().map(ApiCallEvent::timestamp).min(Instant::compareTo))
                .contains(Instant.parse("2023-07-10T11:42:18Z"));
        assertThat(events.stream().map(ApiCallEvent::timestamp).max(Instant::compareTo))
                .contains(Instant.parse("2023-07-10T12:37:50Z"));
    }

    @Test
    void principalsAreTheReadmesActors() {
        assertThat(countBy(ApiCallEvent::clientId)).contains(entry("bert-jan", 2_642L), entry("benjamin", 105L),
                entry(PASSWORD_DATA_SESSION, 29L), entry(STOLEN_INSTANCE_SESSION, 15L),
                entry("stratus-red-team-get-usr-data-role/aws-go-sdk-1688990565286187801", 15L),
                entry("stratus-red-team-nmfalu-gfjyeaypjt", 1L));
        assertThat(events).noneMatch(e -> e.clientId().equals(CloudTrailRecords.UNKNOWN_PRINCIPAL));
    }

    @Test
    void errorsAre300Of2900AndThrottlingIs102() {
        assertThat(events).filteredOn(e -> e.status() != 200).hasSize(300);
        assertThat(events).filteredOn(e -> e.status() == 429).hasSize(102)
                .allMatch(e -> e.clientId().equals("bert-jan"));
    }

    @Test
    void passwordDataRoleSessionGot29DenialsIn4Seconds() {
        List<ApiCallEvent> calls = events.stream()
                .filter(e -> e.operation().equals("ec2.amazonaws.com:GetPasswordData")).toList();

        assertThat(calls).hasSize(29).allSatisfy(e -> {
            assertThat(e.clientId()).isEqualTo(PASSWORD_DATA_SESSION);
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.method()).isEqualTo("GetPasswordData");
        });
        assertThat(span(calls)).isLessThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(calls.stream().map(ApiCallEvent::timestamp).min(Instant::compareTo))
                .contains(Instant.parse("2023-07-10T11:54:47Z"));
    }

    @Test
    void twentySecretsReadIn4Seconds() {
        List<ApiCallEvent> reads = events.stream()
                .filter(e -> e.operation().equals("secretsmanager.amazonaws.com:GetSecretValue")).toList();
        Instant from = Instant.parse("2023-07-10T11:57:51Z");
        Instant to = Instant.parse("2023-07-10T11:57:54Z");

        assertThat(reads).hasSize(60);
        List<ApiCallEvent> burst = reads.stream()
                .filter(e -> !e.timestamp().isBefore(from) && !e.timestamp().isAfter(to)).toList();
        assertThat(burst).hasSize(20).allMatch(e -> e.clientId().equals("bert-jan") && e.status() == 200);
    }

    @Test
    void stolenInstanceCredentialsUsedFromTheInstanceAndFromOutside() {
        Map<String, Long> sources = events.stream().filter(e -> e.clientId().equals(STOLEN_INSTANCE_SESSION))
                .collect(Collectors.groupingBy(ApiCallEvent::sourceIp, Collectors.counting()));

        assertThat(sources).containsOnly(entry("3.225.16.109", 13L), entry("192.168.10.20", 2L));
        assertThat(events).filteredOn(e -> e.clientId().equals(STOLEN_INSTANCE_SESSION)
                        && e.sourceIp().equals("192.168.10.20"))
                .extracting(ApiCallEvent::method, ApiCallEvent::timestamp)
                .containsExactlyInAnyOrder(
                        tuple("GetCallerIdentity", Instant.parse("2023-07-10T11:57:22Z")),
                        tuple("DescribeInstances", Instant.parse("2023-07-10T11:57:22Z")));
    }

    private static Duration span(List<ApiCallEvent> calls) {
        Instant first = calls.stream().map(ApiCallEvent::timestamp).min(Instant::compareTo).orElseThrow();
        Instant last = calls.stream().map(ApiCallEvent::timestamp).max(Instant::compareTo).orElseThrow();
        return Duration.between(first, last);
    }

    private static <K> Map<K, Long> countBy(Function<ApiCallEvent, K> key) {
        return events.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
