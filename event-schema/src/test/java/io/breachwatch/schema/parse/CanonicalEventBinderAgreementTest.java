package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventDecoder;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.InvalidEventException;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.json.CanonicalEventBinder;
import io.breachwatch.schema.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one-pass binder must never disagree with the strict two-pass reading: on every document it either steps
 * aside (null) or gives exactly the record the strict reading gives, and it never accepts what the strict reading
 * rejects. Checked on valid events of every shape and on tens of thousands of damaged ones.
 */
class CanonicalEventBinderAgreementTest {
    private static final Map<EventType, Class<? extends CanonicalEvent>> CLASSES = Map.of(EventType.AUTH,
            AuthEvent.class, EventType.API, ApiCallEvent.class, EventType.NET, NetworkEvent.class);
    private static final Instant T = Instant.parse("2026-03-14T09:12:48.123Z");
    /** The replay parser's binder: equal values share an instance; records must come out equal all the same. */
    private static final CanonicalEventBinder DEDUPLICATING = EventJson.strict().binder().deduplicating();

    private static List<CanonicalEvent> valid() {
        List<CanonicalEvent> events = new ArrayList<>();
        events.add(new AuthEvent("a1", T, "root", "203.0.113.7", AuthOutcome.FAILURE, "password", "bad_password",
                "sshd", "bastion"));
        events.add(new AuthEvent("a2", Instant.parse("2026-03-14T09:12:48Z"), null, "2001:db8::1",
                AuthOutcome.SUCCESS, null, null, null, null));
        events.add(new AuthEvent("a3", T, "o'brien \"x\" \\ é 日本 \uD83D\uDE00 \t", "h.example", AuthOutcome.FAILURE,
                null, null, "web", null));
        events.add(new ApiCallEvent("p1", T, "vendor-acme", "third_party", "198.51.100.23", "GET",
                "GET /orders/{id}", 200, 5120L, 1L, "c-77"));
        events.add(new ApiCallEvent("p2", T, "web", null, "10.0.0.1", "POST", "POST /login", 401, null, null, null));
        events.add(new ApiCallEvent("p3", T, "big", "first_party", "10.0.0.1", "GET", "GET /x", 599,
                Long.MAX_VALUE, 0L, null));
        events.add(new NetworkEvent("n1", T, "10.0.4.17", 50000, "198.51.100.80", 443, "tcp", 1200L, 800L, "SF"));
        events.add(new NetworkEvent("n2", T, "10.0.4.17", null, "10.0.4.1", null, "icmp", null, null, null));
        events.add(new NetworkEvent("n3", T, "10.0.4.17", 0, "10.0.4.1", 65535, "udp", 0L, 0L, null));
        return events;
    }

    /** The strict reading, or null when it rejects the document. */
    private static CanonicalEvent strict(byte[] bytes, EventType type) {
        try {
            return EventJson.strict().read(bytes, CLASSES.get(type));
        } catch (InvalidEventException e) {
            return null;
        }
    }

    private static void assertAgrees(String document) {
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        CanonicalEventBinder binder = DEDUPLICATING;
        for (EventType type : EventType.values()) {
            CanonicalEvent fast = binder.tryRead(bytes, type);
            if (fast != null) {
                assertThat(fast).as("%s as %s", document, type).isEqualTo(strict(bytes, type)).isNotNull();
            }
        }
        CanonicalEvent untyped = binder.tryRead(bytes, null);
        if (untyped != null) {
            assertThat(untyped).as(document).isEqualTo(strict(bytes, untyped.type()));
        }
    }

    @Test
    void validEventsOfEveryShapeAreReadInOnePassAndIdentically() {
        for (CanonicalEvent event : valid()) {
            byte[] bytes = EventJson.strict().write(event);
            assertThat(EventJson.strict().binder().tryRead(bytes, event.type())).isEqualTo(event);
            assertThat(EventJson.strict().binder().tryRead(bytes, null)).isEqualTo(event);
            assertThat(DEDUPLICATING.tryRead(bytes, null)).isEqualTo(event);
            assertThat(DEDUPLICATING.tryRead(bytes, null)).isEqualTo(event);
            assertThat(new EventDecoder<>(CLASSES.get(event.type())).decode(bytes))
                    .isEqualTo(new io.breachwatch.schema.Decoded.Valid<>(event));
        }
    }

    @Test
    void unusualButValidDocumentsAreLeftToTheStrictReading() {
        // Whole-number floats, explicit nulls, escapes in names: the strict reading takes them, the binder steps aside.
        for (String document : List.of(
                "{\"event_id\":\"p\",\"timestamp\":\"2026-03-14T09:12:48Z\",\"client_id\":\"c\",\"source_ip\":\"1.2.3.4\","
                        + "\"method\":\"GET\",\"operation\":\"GET /\",\"status\":200.0}",
                "{\"event_id\":\"a\",\"timestamp\":\"2026-03-14T09:12:48Z\",\"user\":null,\"source_ip\":\"1.2.3.4\","
                        + "\"outcome\":\"success\"}",
                "{\"event_id\":\"a\",\"timestamp\":\"2026-03-14T10:12:48+01:00\",\"source_ip\":\"1.2.3.4\","
                        + "\"outcome\":\"success\"}")) {
            assertAgrees(document);
        }
    }

    @Test
    void damagedDocumentsNeverDisagree() {
        LineMutator mutator = new LineMutator(17);
        List<String> documents = valid().stream().map(e -> EventJson.strict().writeString(e)).toList();
        String alphabet = "{}[]\":,0123456789.-eE+ntrufalsZTx\\";
        for (int i = 0; i < 30_000; i++) {
            assertAgrees(mutator.mutate(mutator.pick(documents), alphabet));
        }
        for (String document : documents) {
            assertAgrees(document.replace("\"failure\"", "\" failure\""));
            assertAgrees(document.replace("}", ",\"extra\":1}"));
            assertAgrees(document.replace("{", "{\"event_id\":\"dup\","));
            assertAgrees(document + " ");
            assertAgrees(document + "{}");
            assertAgrees(document.replace("443", "4430000000000"));
            assertAgrees(document.replace("200", "2147483648"));
            assertAgrees(document.replace("2026-03-14", "2026-02-30"));
        }
    }
}
