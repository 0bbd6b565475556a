package io.breachwatch.detector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Kafka client meters are dropped before export, and that breachwatch's own never are. */
class KafkaMeterFiltersTest {
    private static Meter.Id id(String name, String... tags) {
        return new Meter.Id(name, Tags.of(tags), null, null, Meter.Type.GAUGE);
    }

    @Test
    void rocksDbMetricsAreReducedToSizesAndErrors() {
        MeterFilter filter = KafkaMeterFilters.rocksDbSizesOnly();
        assertThat(filter.accept(id("kafka.stream.state.total.sst.files.size"))).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(filter.accept(id("kafka.stream.state.estimate.num.keys"))).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(filter.accept(id("kafka.stream.state.background.errors"))).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(filter.accept(id("kafka.stream.state.all.latency.avg"))).isEqualTo(MeterFilterReply.DENY);
        assertThat(filter.accept(id("kafka.stream.state.block.cache.data.hit.ratio"))).isEqualTo(MeterFilterReply.DENY);
        assertThat(filter.accept(id("kafka.stream.task.dropped.records.total"))).isEqualTo(MeterFilterReply.NEUTRAL);
    }

    @Test
    void theDeprecatedUnderscoreCopyOfADottedTopicIsDropped() {
        MeterFilter filter = KafkaMeterFilters.withoutDeprecatedTopicNames(
                List.of("breachwatch.events.auth", "logins"), "breachwatch");
        String lag = "kafka.consumer.fetch.manager.records.lag";
        assertThat(filter.accept(id(lag, "topic", "breachwatch.events.auth"))).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(filter.accept(id(lag, "topic", "breachwatch_events_auth"))).isEqualTo(MeterFilterReply.DENY);
        // A topic without dots has no copy; internal topics of an application id without dots neither
        assertThat(filter.accept(id(lag, "topic", "logins"))).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(filter.accept(id(lag, "topic", "breachwatch-auth-by-user-repartition")))
                .isEqualTo(MeterFilterReply.NEUTRAL);
        // Only Kafka's meters are concerned
        assertThat(filter.accept(id("other.meter", "topic", "breachwatch_events_auth")))
                .isEqualTo(MeterFilterReply.NEUTRAL);
    }

    @Test
    void internalTopicsOfADottedApplicationIdLoseTheirCopyToo() {
        MeterFilter filter = KafkaMeterFilters.withoutDeprecatedTopicNames(List.of(), "soc.prod");
        String lag = "kafka.consumer.fetch.manager.records.lag";
        assertThat(filter.accept(id(lag, "topic", "soc.prod-auth-by-user-repartition")))
                .isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(filter.accept(id(lag, "topic", "soc_prod-auth-by-user-repartition")))
                .isEqualTo(MeterFilterReply.DENY);
    }
}
