package io.breachwatch.detector.topology;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.detections.Logins;
import io.breachwatch.detector.metrics.DetectorMetrics;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.DeadLetter;
import io.breachwatch.schema.Topics;
import io.breachwatch.schema.json.EventJson;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The real topology under {@link TopologyTestDriver}, with the wall clock fixed at noon of the fixture day. */
final class TopologyHarness implements AutoCloseable {
    static final Clock NOON = Clock.fixed(Logins.at("12:00:00"), ZoneOffset.UTC);

    final DetectorMetrics metrics;
    final DetectorConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> auth;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, DeadLetter> deadLetters;

    TopologyHarness() {
        this(DetectorConfig.defaults(), DetectorMetrics.unexported());
    }

    TopologyHarness(DetectorConfig config, DetectorMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        Properties props = config.streamsProperties();
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bw-ttd").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(BreachwatchTopology.build(config, metrics, NOON), props);
        Topics topics = config.topics();
        auth = driver.createInputTopic(topics.authEvents(), new ByteArraySerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(topics.alerts(), new StringDeserializer(),
                topics.alertTopic().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters(), new StringDeserializer(),
                topics.deadLetterTopic().valueSerde().deserializer());
    }

    void send(List<AuthEvent> events) {
        events.forEach(this::send);
    }

    void send(AuthEvent event) {
        auth.pipeInput(null, EventJson.strict().write(event));
    }

    void sendRaw(byte[] value) {
        auth.pipeInput(null, value);
    }

    @Override
    public void close() {
        driver.close();
    }
}
