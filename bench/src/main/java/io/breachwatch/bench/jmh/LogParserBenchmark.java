package io.breachwatch.bench.jmh;

import io.breachwatch.schema.parse.AccessLogParser;
import io.breachwatch.schema.parse.CanonicalJsonlParser;
import io.breachwatch.schema.parse.CloudTrailParser;
import io.breachwatch.schema.parse.LogParser;
import io.breachwatch.schema.parse.ParseResult;
import io.breachwatch.schema.parse.SshdSyslogParser;
import io.breachwatch.schema.parse.ZeekLog;
import io.breachwatch.schema.parse.ZeekParser;
import io.breachwatch.schema.json.EventJson;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One line through each log-format parser replay uses: sshd syslog, Zeek conn.log as TSV (header read once) and
 * as JSON, a CloudTrail record, a combined-log-format access line, and a canonical JSON line of a mixed file.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LogParserBenchmark {
    @Param({"sshd-syslog", "zeek-tsv", "zeek-json", "cloudtrail", "combined-log", "canonical-jsonl"})
    public String format;

    private LogParser parser;
    private String[] lines;
    private int next;
    private long lineNumber;

    @Setup
    public void setUp() {
        List<String> sample;
        switch (format) {
            case "sshd-syslog" -> {
                parser = new SshdSyslogParser("auth.log", 2026, ZoneOffset.UTC);
                sample = Samples.SSHD_SYSLOG;
            }
            case "zeek-tsv" -> {
                parser = new ZeekParser("conn.log", ZeekLog.CONN);
                Samples.ZEEK_TSV_HEADER.forEach(header -> parser.parse(header, ++lineNumber));
                sample = Samples.ZEEK_TSV;
            }
            case "zeek-json" -> {
                parser = new ZeekParser("conn.log", ZeekLog.CONN);
                sample = Samples.ZEEK_JSON;
            }
            case "cloudtrail" -> {
                parser = new CloudTrailParser("trail.json");
                sample = Samples.CLOUDTRAIL;
            }
            case "combined-log" -> {
                parser = new AccessLogParser("access.log");
                sample = Samples.COMBINED_LOG;
            }
            case "canonical-jsonl" -> {
                parser = CanonicalJsonlParser.mixed();
                sample = Samples.simulated(1024).stream().map(e -> EventJson.strict().writeString(e)).toList();
            }
            default -> throw new IllegalArgumentException(format);
        }
        lines = sample.toArray(new String[0]);
        for (String line : lines) {
            ParseResult result = parser.parse(line, ++lineNumber);
            if (result.status() != ParseResult.Status.EVENT) {
                throw new IllegalStateException(format + " sample line is " + result.status() + " "
                        + result.reason() + ": " + result.message());
            }
        }
    }

    @Benchmark
    public ParseResult parseLine() {
        next = next + 1 == lines.length ? 0 : next + 1;
        return parser.parse(lines[next], ++lineNumber);
    }
}
