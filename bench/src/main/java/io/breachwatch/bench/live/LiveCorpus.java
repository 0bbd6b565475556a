package io.breachwatch.bench.live;

import io.breachwatch.detector.local.LocalKafka;
import io.breachwatch.detector.simulate.SimulatedEvent;
import io.breachwatch.detector.simulate.Simulation;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Topics;
import io.breachwatch.schema.json.EventJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's input, written once: N simulated events produced into the three input topics (keyed as the
 * simulator keys them: source address, client id, originating host) and, optionally, the very same bytes as a
 * canonical JSON lines file for offline replay. Every measured run then reads the same records.
 *
 * @param topics  the input topics (and the names the runs derive their own output topics from)
 * @param file    the JSON lines file, or null when none was written
 * @param events  events produced
 * @param bytes   total size of the produced values (the JSON documents, without keys or newlines)
 * @param byType  events by type
 * @param first   event time of the first event
 * @param last    event time of the last event
 * @param seconds wall-clock time generation and producing took
 */
record LiveCorpus(Topics topics, Path file, long events, long bytes, Map<EventType, Long> byType, Instant first,
                  Instant last, double seconds) {

    /** Producer settings for loading a backlog quickly; not what is measured. */
    static Map<String, Object> producerProperties(String bootstrapServers) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                // Uncompressed, as most event pipelines write JSON; the Streams apps then pay no decompression.
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    }

    /**
     * Creates the input topics with {@code partitions} partitions, then produces the first {@code count} events of
     * {@code simulation} into them, writing each to {@code file} as well when it is not null and showing each to
     * {@code observer} (e.g. to count distinct entities).
     */
    static LiveCorpus produce(LocalKafka kafka, Topics topics, int partitions, Simulation simulation, long count,
                              Path file, Consumer<SimulatedEvent> observer, PrintStream log) throws IOException {
        kafka.createTopics(topics.inputs().stream().collect(Collectors.toMap(t -> t, t -> partitions)));
        long started = System.nanoTime();
        EventJson json = EventJson.strict();
        Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        long bytes = 0;
        long produced = 0;
        Instant first = null;
        Instant last = null;
        long step = Math.max(1, count / 10);
        if (file != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
             OutputStream out = file == null ? OutputStream.nullOutputStream()
                     : new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            while (produced < count && simulation.hasNext()) {
                SimulatedEvent event = simulation.next();
                byte[] value = json.write(event.event());
                producer.send(new ProducerRecord<>(topic(topics, event.type()),
                        event.key().getBytes(StandardCharsets.UTF_8), value));
                out.write(value);
                out.write('\n');
                observer.accept(event);
                bytes += value.length;
                byType.merge(event.type(), 1L, Long::sum);
                first = first == null ? event.timestamp() : first;
                last = event.timestamp();
                if (++produced % step == 0) {
                    log.printf("live: produced %,d of %,d events (%.0f s)%n", produced, count,
                            (System.nanoTime() - started) / 1e9);
                }
            }
            producer.flush();
        }
        if (produced < count) {
            throw new IllegalStateException("the simulation ended after " + produced + " of " + count + " events");
        }
        return new LiveCorpus(topics, file, produced, bytes, byType, first, last, (System.nanoTime() - started) / 1e9);
    }

    static String topic(Topics topics, EventType type) {
        return switch (type) {
            case AUTH -> topics.authEvents();
            case API -> topics.apiEvents();
            case NET -> topics.netEvents();
        };
    }

    double meanEventBytes() {
        return (double) bytes / events;
    }
}
