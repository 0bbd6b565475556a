package io.breachwatch.bench.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's only run in the test suite, and a small one: an offline replay of eight events in a child JVM,
 * which exercises the whole parent/child path ({@link ChildApp}, {@link LiveChild}) every measured app uses.
 */
class ReplayRunTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aReplayInItsOwnJvmReportsItsEventsAlertsAndMemory(@TempDir Path dir) throws Exception {
        // Given one probe's eight failed logins, a second apart: auth.brute_force.source (8 in 2 minutes) holds;
        // the account rule needs 10, spray and stuffing need several accounts, the surge half an hour of history.
        BruteForceProbe probe = new BruteForceProbe(0);
        Instant start = Instant.parse("2026-03-14T11:00:00Z");
        EventJson json = EventJson.strict();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < BruteForceProbe.FAILURES; i++) {
            lines.add(json.writeString(probe.failure(i, start.plusSeconds(i))));
        }
        Path file = dir.resolve("events.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        // When
        ReplayRun.Result r = ReplayRun.run(file, 1, dir, List.of("-Xmx256m"));

        // Then
        assertThat(r.number()).isEqualTo(1);
        assertThat(r.events()).isEqualTo(8);
        assertThat(r.bytes()).isEqualTo(Files.size(file));
        assertThat(r.alerts()).isEqualTo(1);
        assertThat(r.seconds()).isPositive();
        assertThat(r.peakHeapBytes()).isBetween(1L, 256L * 1024 * 1024);
        assertThat(r.rssPeakBytes()).isGreaterThan(r.peakHeapBytes());
    }
}
