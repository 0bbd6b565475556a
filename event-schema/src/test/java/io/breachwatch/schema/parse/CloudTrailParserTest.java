package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.CanonicalEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CloudTrail in every layout it is found in. {@code logs/cloudtrail/pretty.json} is one S3 delivery object
 * pretty-printed (an assumed-role session reading a secret, an IAM user denied, an AWS service event);
 * {@code events.jsonl} is the same records one per line plus a throttled call.
 */
class CloudTrailParserTest {

    static final ApiCallEvent SECRET_READ = new ApiCallEvent("6f6c0ab1-2c3d-4e5f-8a9b-000000000001",
            Instant.parse("2026-03-14T09:12:48Z"), "app-instance-role/i-0abc1234def567890", null, "198.51.100.23",
            "GetSecretValue", "secretsmanager.amazonaws.com:GetSecretValue", 200, null, null, null);
    static final ApiCallEvent DENIED = new ApiCallEvent("6f6c0ab1-2c3d-4e5f-8a9b-000000000002",
            Instant.parse("2026-03-14T09:12:47Z"), "ci-deploy", null, "203.0.113.7", "CreateAccessKey",
            "iam.amazonaws.com:CreateAccessKey", 403, null, null, null);
    static final ApiCallEvent SERVICE_EVENT = new ApiCallEvent("6f6c0ab1-2c3d-4e5f-8a9b-000000000003",
            Instant.parse("2026-03-14T09:12:50Z"), "ec2.amazonaws.com", null, "ec2.amazonaws.com",
            "SharedSnapshotVolumeCreated", "ec2.amazonaws.com:SharedSnapshotVolumeCreated", 200, null, null, null);
    static final ApiCallEvent THROTTLED = new ApiCallEvent("6f6c0ab1-2c3d-4e5f-8a9b-000000000004",
            Instant.parse("2026-03-14T09:12:49Z"), "ci-deploy", null, "203.0.113.7", "ListUsers",
            "iam.amazonaws.com:ListUsers", 429, null, null, null);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void prettyPrintedDocumentIsCollectedUntilTheLineThatCompletesIt() throws IOException {
        // When the 87 lines of one pretty-printed delivery object are parsed
        ParseRun run = ParseRun.file(new CloudTrailParser("pretty.json"), Fixtures.log("cloudtrail/pretty.json"));

        // Then 86 lines are pending, the last one releases the three records in document order (not time order)
        assertThat(run.stats.lines(ParseResult.Status.PENDING, ParseReason.INCOMPLETE_DOCUMENT)).isEqualTo(86);
        assertThat(run.result(87).status()).isEqualTo(ParseResult.Status.EVENT);
        assertThat(run.events).containsExactly(SECRET_READ, DENIED, SERVICE_EVENT);
        assertThat(run.finished).isEmpty();
    }

    @Test
    void oneLineDeliveryObjectsAlsoConcatenatedOnOneLine() throws IOException {
        String oneLine = oneLineDocument();

        ParseRun run = ParseRun.lines(new CloudTrailParser("objects"), oneLine, oneLine + oneLine);

        assertThat(run.results).extracting(ParseResult::status)
                .containsExactly(ParseResult.Status.EVENT, ParseResult.Status.EVENT);
        assertThat(run.result(1).events()).containsExactly(SECRET_READ, DENIED, SERVICE_EVENT);
        assertThat(run.result(2).events()).containsExactly(SECRET_READ, DENIED, SERVICE_EVENT, SECRET_READ, DENIED,
                SERVICE_EVENT);
    }

    @Test
    void wholeDocumentCanBePassedAsOneLineBreaksIncluded() throws IOException {
        String document = Files.readString(Fixtures.log("cloudtrail/pretty.json"));

        ParseResult result = new CloudTrailParser("object.json").parse(document, 1);

        assertThat(result.events()).containsExactly(SECRET_READ, DENIED, SERVICE_EVENT);
    }

    @Test
    void oneEventPerLine() throws IOException {
        ParseRun run = ParseRun.file(new CloudTrailParser("events.jsonl"), Fixtures.log("cloudtrail/events.jsonl"));

        assertThat(run.stats.unparseable()).isZero();
        assertThat(run.events).containsExactly(SECRET_READ, DENIED, SERVICE_EVENT, THROTTLED);
    }

    @Test
    void gzipObjectsConcatenatedAreReadThroughLogReader(@TempDir Path dir) throws IOException {
        // Given two gzip members in one file, as `cat a.json.gz b.json.gz` makes
        Path file = dir.resolve("218007301253_CloudTrail_us-east-1_20230710T1145Z_x.json.gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(gzip(oneLineDocument() + "\n"));
            out.write(gzip(Files.readString(Fixtures.log("cloudtrail/events.jsonl"))));
        }

        List<CanonicalEvent> events = new ArrayList<>();
        CloudTrailParser parser = new CloudTrailParser(file.getFileName().toString());
        try (LogReader reader = LogReader.open(file)) {
            assertThat(reader.compressed()).isTrue();
            LogReader.Line line;
            while ((line = reader.next()) != null) {
                ParseResult result = parser.parse(line.text(), line.number());
                assertThat(result.status()).isEqualTo(ParseResult.Status.EVENT);
                events.addAll(result.events());
            }
        }

        assertThat(events).containsExactly(SECRET_READ, DENIED, SERVICE_EVENT, SECRET_READ, DENIED, SERVICE_EVENT,
                THROTTLED);
    }

    @Test
    void brokenRecordsMakeTheLineUnparseableAndTheReadableOnesStillCount() {
        String good = "{\"eventTime\":\"2026-03-14T09:12:48Z\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"GetObject\",\"sourceIPAddress\":\"203.0.113.7\",\"eventID\":\"e%d\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"alice\"}}";
        String noTime = "{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\"}";

        ParseResult result = new CloudTrailParser("doc").parse("{\"Records\":[" + good.formatted(1) + "," + noTime
                + "," + good.formatted(3) + ",42]}", 1);

        assertThat(result.status()).isEqualTo(ParseResult.Status.UNPARSEABLE);
        assertThat(result.reason()).isEqualTo(ParseReason.INVALID_FIELD);
        assertThat(result.message()).isEqualTo("2 of 4 records unreadable, first: record 2: eventTime: is required");
        assertThat(result.events()).extracting(CanonicalEvent::eventId).containsExactly("e1", "e3");
    }

    @Test
    void malformedDocumentKeepsTheRecordsBeforeTheBreakAndReportsOnlyThePosition() {
        String good = "{\"eventTime\":\"2026-03-14T09:12:48Z\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"ListBuckets\",\"sourceIPAddress\":\"203.0.113.7\",\"eventID\":\"e1\"}";

        ParseResult result = new CloudTrailParser("doc").parse("{\"Records\":[" + good + ",{\"eventTime\":secret}]}", 7);

        assertThat(result.reason()).isEqualTo(ParseReason.MALFORMED_JSON);
        assertThat(result.message()).startsWith("malformed JSON at line 7 column ").endsWith("; 1 records read before it")
                .doesNotContain("secret");
        assertThat(result.events()).extracting(CanonicalEvent::eventId).containsExactly("e1");
    }

    @Test
    void oneTruncatedJsonLineCostsThatLineOnly() throws IOException {
        List<String> lines = Files.readAllLines(Fixtures.log("cloudtrail/events.jsonl"));
        String first = lines.get(0);

        ParseRun run = ParseRun.lines(new CloudTrailParser("events.jsonl"),
                first,
                lines.get(1).substring(0, 300),
                first.substring(0, first.indexOf("\"eventTime\"")),
                lines.get(3));

        assertThat(run.results).extracting(ParseResult::status, ParseResult::reason).containsExactly(
                tuple(ParseResult.Status.EVENT, null),
                tuple(ParseResult.Status.UNPARSEABLE, ParseReason.MALFORMED_JSON),
                tuple(ParseResult.Status.UNPARSEABLE, ParseReason.MALFORMED_JSON),
                tuple(ParseResult.Status.EVENT, null));
        assertThat(run.events).containsExactly(SECRET_READ, THROTTLED);
    }

    @Test
    void finishReleasesTheCompleteRecordsOfADocumentCutShort() throws IOException {
        // Given a download cut inside the third record
        List<String> lines = Files.readAllLines(Fixtures.log("cloudtrail/pretty.json"));
        int cut = lines.indexOf("      \"eventName\": \"SharedSnapshotVolumeCreated\",");

        ParseRun run = ParseRun.lines(new CloudTrailParser("cut.json"), lines.subList(0, cut).toArray(String[]::new));

        assertThat(run.stats.lines(ParseResult.Status.PENDING)).isEqualTo(cut);
        assertThat(run.finished).containsExactly(SECRET_READ, DENIED);
    }

    @Test
    void documentLargerThanTheLimitIsTooLargeToItsEndAndReadingGoesOn() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(Fixtures.log("cloudtrail/pretty.json")));
        String event = Files.readAllLines(Fixtures.log("cloudtrail/events.jsonl")).get(0);
        lines.add(event);

        ParseRun run = ParseRun.lines(new CloudTrailParser("big.json", 2_000), lines.toArray(String[]::new));

        assertThat(run.stats.lines(ParseResult.Status.UNPARSEABLE, ParseReason.TOO_LARGE)).isPositive();
        assertThat(run.result(87).reason()).isEqualTo(ParseReason.TOO_LARGE);
        // the next line is read on its own again
        assertThat(run.result(88).events()).containsExactly(SECRET_READ);
        assertThat(run.finished).isEmpty();
    }

    @Test
    void lookupEventsOutputCarriesRecordsAsStrings() throws IOException {
        String record = Files.readAllLines(Fixtures.log("cloudtrail/events.jsonl")).get(1);
        String output = JSON.writeValueAsString(java.util.Map.of("Events", List.of(java.util.Map.of(
                "EventId", "6f6c0ab1-2c3d-4e5f-8a9b-000000000002", "EventName", "CreateAccessKey",
                "CloudTrailEvent", record))));

        assertThat(new CloudTrailParser("lookup.json").parse(output, 1).events()).containsExactly(DENIED);
    }

    @Test
    void documentsWithoutRecordsAreIgnored() {
        ParseRun run = ParseRun.lines(new CloudTrailParser("x"),
                "{\"Records\":[]}",
                "{\"awsAccountId\":\"111122223333\",\"digestStartTime\":\"2026-03-14T09:00:00Z\","
                        + "\"digestEndTime\":\"2026-03-14T10:00:00Z\",\"logFiles\":[]}",
                "",
                "{\"eventTime\":\"soon\",\"eventSource\":\"s\",\"eventName\":\"n\",\"sourceIPAddress\":\"secret\"}",
                "[{\"eventTime\":\"2026-03-14T09:12:48Z\",\"eventSource\":\"s\",\"eventName\":\"n\","
                        + "\"sourceIPAddress\":\"203.0.113.7\"}]",
                "not json");

        assertThat(run.results).extracting(ParseResult::reason).containsExactly(ParseReason.NO_RECORDS,
                ParseReason.NO_RECORDS, ParseReason.BLANK_LINE, ParseReason.INVALID_TIMESTAMP, null,
                ParseReason.MALFORMED_JSON);
        assertThat(run.result(4).message()).doesNotContain("soon", "secret");
        // a record without eventID, alone in its line: the line's id, without #1
        assertThat(run.events).singleElement().satisfies(e -> {
            assertThat(e.eventId()).isEqualTo("x:5");
            assertThat(((ApiCallEvent) e).clientId()).isEqualTo(CloudTrailRecords.UNKNOWN_PRINCIPAL);
        });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "null, 200",
            "AccessDenied, 403",
            "AccessDeniedException, 403",
            "Client.UnauthorizedOperation, 403",
            "UnauthorizedAccess, 403",
            "ThrottlingException, 429",
            "Client.RequestLimitExceeded, 429",
            "TooManyRequestsException, 429",
            "TrailNotFoundException, 404",
            "Client.InvalidRouteTableID.NotFound, 404",
            "NoSuchBucketPolicy, 404",
            "ResourceNotFoundException, 404",
            "Server.InternalError, 500",
            "InternalFailure, 500",
            "Client.VcpuLimitExceeded, 400",
            "InvalidParameterValueException, 400",
            "BucketNotEmpty, 400"})
    void errorCodesMapToHttpStatuses(String errorCode, int status) throws IOException {
        String record = errorCode == null ? "{}" : "{\"errorCode\":\"" + errorCode + "\"}";

        assertThat(CloudTrailRecords.status(JSON.readTree(record))).isEqualTo(status);
    }

    @Test
    void failedConsoleLoginHasNoErrorCodeButIsA401() throws IOException {
        assertThat(CloudTrailRecords.status(JSON.readTree(
                "{\"eventName\":\"ConsoleLogin\",\"errorMessage\":\"Failed authentication\","
                        + "\"responseElements\":{\"ConsoleLogin\":\"Failure\"}}"))).isEqualTo(401);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"AssumedRole\",\"arn\":\"arn:aws:sts::1:assumed-role/stratus-red-team-ec2-steal-credentials-role/i-0dbc91f429e48eeed\",\"accessKeyId\":\"ASIA1\"}"
                    + "|stratus-red-team-ec2-steal-credentials-role/i-0dbc91f429e48eeed",
            "{\"type\":\"FederatedUser\",\"arn\":\"arn:aws:sts::1:federated-user/bob\",\"principalId\":\"1:bob\"}|bob",
            "{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::1:user/bert-jan\",\"userName\":\"bert-jan\"}|bert-jan",
            "{\"type\":\"Root\",\"arn\":\"arn:aws:iam::1:root\",\"accessKeyId\":\"ASIAROOT\",\"principalId\":\"1\"}|ASIAROOT",
            "{\"type\":\"Root\",\"arn\":\"arn:aws:iam::1:root\",\"principalId\":\"111122223333\"}|111122223333",
            "{\"type\":\"AWSService\",\"invokedBy\":\"inspector2.amazonaws.com\"}|inspector2.amazonaws.com",
            "{}|unknown"})
    void principalIsTheMostSpecificIdentityAvailable(String identity, String principal) throws IOException {
        assertThat(CloudTrailRecords.principal(JSON.readTree(identity))).isEqualTo(principal);
    }

    static String oneLineDocument() throws IOException {
        // JSON strings hold no raw line breaks, so joining the lines keeps the document the same document
        return String.join("", Files.readAllLines(Fixtures.log("cloudtrail/pretty.json")));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
