package io.breachwatch.bench.jmh;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.Decoded;
import io.breachwatch.schema.EventDecoder;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.NetworkEvent;
import io.breachwatch.schema.json.EventJson;
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
 * Reading one canonical event from its JSON bytes with the input topics' strict decoder ({@link EventDecoder}, the
 * same code the Kafka Streams topology and replay use), per event type, over 1,024 different simulated events.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventDecodingBenchmark {
    private static final int SAMPLES = 1024;

    @Param({"auth", "api", "net"})
    public String type;

    private EventDecoder<? extends CanonicalEvent> decoder;
    private byte[][] documents;
    private int next;

    @Setup
    public void setUp() {
        EventType eventType = EventType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
        decoder = switch (eventType) {
            case AUTH -> new EventDecoder<>(AuthEvent.class);
            case API -> new EventDecoder<>(ApiCallEvent.class);
            case NET -> new EventDecoder<>(NetworkEvent.class);
        };
        List<CanonicalEvent> events = Samples.simulated(eventType, SAMPLES);
        documents = new byte[SAMPLES][];
        for (int i = 0; i < SAMPLES; i++) {
            documents[i] = EventJson.strict().write(events.get(i));
        }
        if (!(decoder.decode(documents[0]) instanceof Decoded.Valid)) {
            throw new IllegalStateException("the sample does not decode");
        }
    }

    @Benchmark
    public Decoded<? extends CanonicalEvent> decode() {
        next = (next + 1) & (SAMPLES - 1);
        return decoder.decode(documents[next]);
    }
}
