package io.breachwatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.hostile.HeapFigures;
import io.breachwatch.detector.hostile.HostileRecords;
import io.breachwatch.detector.hostile.PrometheusScrape;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.DeadLetter;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.Decoded;
import io.breachwatch.schema.EventDecoder;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.EventTimePolicy;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.fuzz.Fuzz;
import io.breachwatch.schema.fuzz.Hostile;
import io.breachwatch.schema.json.EventJson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Hostile input through the real topology: every kind of junk a producer can send, interleaved with a real brute
 * force. Each junk record becomes exactly one dead letter with its reason, counted in the dead-letter topic and in
 * {@code breachwatch_dead_letters_total} alike; nothing throws; the heap's live set does not keep the junk; and the
 * brute force raises exactly the alert it raises alone.
 */
class HostileInputTopologyTest {
    private static final Instant NOW = TopologyHarness.NOON.instant();

    @Test
    void everyJunkRecordIsDeadLetteredWithItsReasonAndTheBruteForceAmongThemIsStillDetected() {
        // Given every kind of junk, and 8 failed logins from one source ten minutes ago, the junk sent between them
        List<HostileRecords.Junk> junk = HostileRecords.junk(NOW);
        List<AuthEvent> attack = HostileRecords.bruteForce(NOW.minus(Duration.ofMinutes(10)));
        List<Alert> alone = new OfflineDetection(DetectorConfig.defaults()).feedAll(attack);
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        long heapBefore = HeapFigures.usedAfterGc();
        long largest = junk.stream().mapToLong(j -> j.value() == null ? 0 : j.value().length).max().orElse(0);

        try (TopologyHarness bw = new TopologyHarness(DetectorConfig.defaults(), new DetectorMetrics(prometheus))) {
            // When they all go through the topology
            for (byte[] value : HostileRecords.interleaved(junk, attack)) {
                bw.sendRaw(value);
            }
            long heapAfter = HeapFigures.usedAfterGc();

            // Then each junk record is one dead letter, in order, with its reason, field and source position
            List<DeadLetter> dead = bw.deadLetters.readValuesToList();
            assertThat(dead).extracting(DeadLetter::reason).as("reasons in order of %s", junk)
                    .containsExactlyElementsOf(junk.stream().map(HostileRecords.Junk::reason).toList());
            for (int i = 0; i < junk.size(); i++) {
                HostileRecords.Junk sent = junk.get(i);
                DeadLetter letter = dead.get(i);
                assertThat(letter.field()).as(sent.what()).isEqualTo(sent.field());
                assertThat(letter.detail()).as(sent.what()).isNotBlank();
                assertThat(letter.sourceTopic()).isEqualTo("breachwatch.events.auth");
                assertThat(letter.payloadSize()).as(sent.what()).isEqualTo(sent.value() == null ? 0
                        : sent.value().length);
            }
            // And counted exactly, per reason, in the topic and in the Prometheus series
            Map<String, Long> expected = HostileRecords.expectedPerReason(junk);
            Map<String, Long> inTopic = DeadLetterReason.ALL.stream().collect(Collectors.toMap(r -> r,
                    r -> dead.stream().filter(d -> d.reason().equals(r)).count()));
            Map<String, Long> inMetric = PrometheusScrape.deadLetters(prometheus.scrape(), "auth");
            assertThat(inTopic).isEqualTo(expected);
            assertThat(inMetric).isEqualTo(expected);
            assertThat(bw.metrics.eventsRead(EventType.AUTH)).isEqualTo(junk.size() + attack.size());
            // And the largest payloads are cut, not copied whole into the dead letter
            DeadLetter tenMiB = dead.stream().filter(d -> d.payloadSize() == HostileRecords.TEN_MIB).findFirst()
                    .orElseThrow();
            assertThat(tenMiB.payloadTruncated()).isTrue();
            assertThat(tenMiB.payload()).hasSize(DeadLetter.MAX_PAYLOAD_CHARS)
                    .startsWith("{\"event_id\":\"j-10m\",\"user\":\"AAAA");
            // And the brute force raised exactly the alert it raises without the junk
            Alert alert = bw.alerts.readValue();
            assertThat(bw.alerts.isEmpty()).isTrue();
            assertThat(List.of(alert)).isEqualTo(alone);
            assertThat(alert.ruleId()).isEqualTo("auth.brute_force.source");
            assertThat(alert.entity()).isEqualTo(Entity.sourceIp(HostileRecords.ATTACKER));
            assertThat(alert.observed()).isEqualTo(8.0);
            assertThat(alert.windowStart()).isEqualTo(attack.get(0).timestamp());
            assertThat(alert.windowEnd()).isEqualTo(attack.get(7).timestamp());

            System.out.printf("hostile input (topology): %d junk records of %d kinds, largest %s, dead-lettered %s; "
                            + "heap after GC %s before, %s after (%+.1f MiB)%n", junk.size(), junk.size(),
                    HeapFigures.mib(largest), inMetric, HeapFigures.mib(heapBefore), HeapFigures.mib(heapAfter),
                    (heapAfter - heapBefore) / (1024.0 * 1024.0));
            // The live set keeps none of the junk (the 10 MiB value alone would show)
            assertThat(heapAfter - heapBefore).isLessThan(HostileRecords.TEN_MIB);
        }
    }

    /** Any bytes, a valid event now and then; whether the policy accepts it is worked out independently. */
    private static byte[] anyRecord(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> Hostile.bytes(r, 400);
            case 1 -> Hostile.jsonish(r, List.of("event_id", "timestamp", "user", "source_ip", "outcome", "method"))
                    .getBytes(StandardCharsets.UTF_8);
            case 2 -> Hostile.mutate(r, EventJson.strict().write(HostileRecords.bruteForce(NOW.minusSeconds(
                    r.nextInt(86_400 * 9) - 86_400L)).get(0)));
            default -> EventJson.strict().write(HostileRecords.bruteForce(NOW.minusSeconds(
                    r.nextInt(86_400 * 9) - 86_400L)).get(0));
        };
    }

    @Test
    void anyRecordIsEitherScreenedInOrDeadLetteredOnceAndNothingThrows() {
        EventDecoder<AuthEvent> decoder = new EventDecoder<>(AuthEvent.class);
        EventTimePolicy policy = DetectorConfig.defaults().eventTimePolicy(TopologyHarness.NOON);
        try (TopologyHarness bw = new TopologyHarness()) {
            long[] offset = {0};
            Fuzz.forAll("screening", 1000, HostileInputTopologyTest::anyRecord, value -> {
                Decoded<AuthEvent> decoded = decoder.decode(value);
                String expected = decoded instanceof Decoded.Rejected<AuthEvent> rejected ? rejected.reason()
                        : policy.check(((Decoded.Valid<AuthEvent>) decoded).event().timestamp());

                bw.sendRaw(value);

                List<DeadLetter> screened = bw.deadLetters.readValuesToList().stream()
                        .filter(d -> d.sourceTopic().equals("breachwatch.events.auth")).toList();
                if (expected == null) {
                    assertThat(screened).isEmpty();
                } else {
                    assertThat(screened).singleElement().satisfies(d -> {
                        assertThat(d.reason()).isEqualTo(expected);
                        assertThat(d.sourceOffset()).isEqualTo(offset[0]);
                    });
                }
                offset[0]++;
            });
            bw.alerts.readValuesToList();
            assertThat(bw.metrics.eventsRead(EventType.AUTH)).isEqualTo(offset[0]);
        }
    }
}
