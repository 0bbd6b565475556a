package io.breachwatch.schema.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.InvalidEventException;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.fuzz.Fuzz;
import io.breachwatch.schema.fuzz.Hostile;
import io.breachwatch.schema.fuzz.ValidRecords;
import io.breachwatch.schema.json.JsonSerde;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The repartition topics' compact records: exact, smaller than JSON, and safe to read when damaged or old. */
class CompactEventSerdeTest {
    private static final Instant T = Instant.parse("2026-03-14T09:12:48.250Z");
    private static final AuthEvent LOGIN = new AuthEvent("sshd-4f2a9c", T, "root", "203.0.113.7",
            AuthOutcome.FAILURE, "password", "invalid_password", "sshd", "bastion-1");
    private static final ApiCallEvent CALL = new ApiCallEvent("a1", T, "vendor-initech-analytics", "vendor",
            "198.51.100.20", "GET", "/v1/customers/{id}/orders", 200, 18_204L, 12L, "cust-4711");
    private static final NetworkEvent FLOW = new NetworkEvent("C1", T, "10.10.0.173", 51_334, "93.184.216.34", 443,
            "tcp", 21_333_330L, 4_096L, "SF");

    @Test
    void everyValidEventOfEveryTypeRoundTripsExactly() {
        roundTrips("auth", ValidRecords::auth, AuthEvent.class);
        roundTrips("api", ValidRecords::api, ApiCallEvent.class);
        roundTrips("net", ValidRecords::net, NetworkEvent.class);
    }

    @Test
    void lonesurrogatesAndAllAbsentOptionalFieldsSurvive() {
        AuthEvent odd = new AuthEvent("e\ud800x", Instant.ofEpochSecond(-62_135_596_800L, 999_999_999), null,
                "\udc00\u0000\u07ff\uffff", AuthOutcome.SUCCESS, null, null, null, null);
        NetworkEvent bare = new NetworkEvent("n", T, "10.0.0.1", null, "10.0.0.2", null, "udp", null, null, null);
        CompactEventSerde<AuthEvent> auth = new CompactEventSerde<>(AuthEvent.class);
        CompactEventSerde<NetworkEvent> net = new CompactEventSerde<>(NetworkEvent.class);

        assertThat(auth.deserializer().deserialize("t", auth.serializer().serialize("t", odd))).isEqualTo(odd);
        assertThat(net.deserializer().deserialize("t", net.serializer().serialize("t", bare))).isEqualTo(bare);
    }

    @Test
    void recordsAreLessThanHalfTheirJsonSize() {
        for (CanonicalEvent event : new CanonicalEvent[] {LOGIN, CALL, FLOW}) {
            byte[] compact = CompactEventCodec.write(event);
            byte[] json = new JsonSerde<>(CanonicalEvent.class).serializer().serialize("t", event);
            assertThat(compact.length).as("%s: %d bytes compact, %d as JSON", event.type(), compact.length,
                    json.length).isLessThan(json.length / 2);
        }
    }

    @Test
    void jsonWrittenByEarlierDetectorsIsStillRead() {
        // A rolling upgrade: the repartition topic still holds records the previous version wrote as JSON
        assertThat(read(AuthEvent.class, new JsonSerde<>(AuthEvent.class).serializer().serialize("t", LOGIN)))
                .isEqualTo(LOGIN);
        assertThat(read(ApiCallEvent.class, new JsonSerde<>(ApiCallEvent.class).serializer().serialize("t", CALL)))
                .isEqualTo(CALL);
        assertThat(read(NetworkEvent.class, new JsonSerde<>(NetworkEvent.class).serializer().serialize("t", FLOW)))
                .isEqualTo(FLOW);
    }

    @Test
    void aRecordOfAnotherTypeOrWithBytesLeftOverIsRejected() {
        byte[] login = CompactEventCodec.write(LOGIN);
        byte[] longer = Arrays.copyOf(login, login.length + 1);

        assertThatThrownBy(() -> read(ApiCallEvent.class, login)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("auth event where ApiCallEvent was expected");
        assertThatThrownBy(() -> read(AuthEvent.class, longer)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("1 bytes after the event");
        assertThatThrownBy(() -> read(AuthEvent.class, Arrays.copyOf(login, login.length - 1)))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void damagedRecordsGiveAValidEventOrAnInvalidEventExceptionNeverAnythingElse() {
        CompactEventSerde<AuthEvent> auth = new CompactEventSerde<>(AuthEvent.class);
        byte[][] samples = {CompactEventCodec.write(LOGIN), CompactEventCodec.write(CALL),
            CompactEventCodec.write(FLOW)};
        int[] outcomes = new int[2];
        Fuzz.forAll("damaged compact record", 3000, r -> {
            byte[] damaged = Hostile.mutate(r, samples[r.nextInt(samples.length)]);
            if (damaged.length > 0 && r.nextBoolean()) {
                damaged[0] = CompactEventCodec.MARKER; // keep it on the compact path most of the time
            }
            return damaged;
        }, bytes -> {
            try {
                AuthEvent event = auth.deserializer().deserialize("t", bytes);
                assertThat(auth.deserializer().deserialize("t", auth.serializer().serialize("t", event)))
                        .isEqualTo(event);
                outcomes[0]++;
            } catch (InvalidEventException e) {
                assertThat(e.getMessage()).isNotBlank();
                outcomes[1]++;
            }
        });
        assertThat(outcomes[1]).as("rejected damaged records").isPositive();
    }

    private static <T extends CanonicalEvent> void roundTrips(String name, Function<Random, T> generator,
                                                             Class<T> type) {
        CompactEventSerde<T> serde = new CompactEventSerde<>(type);
        Fuzz.forAll(name + " compact round trip", 2000, generator, event -> {
            byte[] bytes = serde.serializer().serialize("t", event);
            assertThat(bytes[0]).isEqualTo(CompactEventCodec.MARKER);
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(event);
        });
    }

    private static <T extends CanonicalEvent> T read(Class<T> type, byte[] bytes) {
        return new CompactEventSerde<>(type).deserializer().deserialize("t", bytes);
    }
}
