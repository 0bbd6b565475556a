package io.breachwatch.detector.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.schema.Topics;
import org.junit.jupiter.api.Test;

class ReplayTargetTest {
    @Test
    void defaultPrefixGivesSeparateTopicsAndApplicationId() {
        ReplayTarget target = ReplayTarget.of(ReplayTarget.DEFAULT_PREFIX);
        assertThat(target.applicationId()).isEqualTo("breachwatch-replay");
        assertThat(target.topics()).isEqualTo(new Topics("breachwatch.replay.events.auth",
                "breachwatch.replay.events.api", "breachwatch.replay.events.net", "breachwatch.replay.alerts",
                "breachwatch.replay.incidents", "breachwatch.replay.dead-letters"));
        assertThat(target.runSettings()).containsEntry("application.id", "breachwatch-replay")
                .containsEntry(DetectorConfig.TOPIC_ALERTS, "breachwatch.replay.alerts")
                .containsEntry(DetectorConfig.MAX_AGE, "none");
    }

    @Test
    void detectorConfigKeepsTheClusterAndTakesTheReplayIdentity() {
        DetectorConfig config = ReplayTarget.of("case42.replay").detectorConfig(DetectorConfig.defaults());
        assertThat(config.applicationId()).isEqualTo("case42-replay");
        assertThat(config.topics().authEvents()).isEqualTo("case42.replay.events.auth");
        assertThat(config.maxAge()).isNull();
        assertThat(config.bootstrapServers()).isEqualTo(DetectorConfig.defaults().bootstrapServers());
    }

    @Test
    void rejectsPrefixesThatAreNotTopicNames() {
        assertThatThrownBy(() -> ReplayTarget.of("bad prefix")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReplayTarget.of("trailing.")).isInstanceOf(IllegalArgumentException.class);
    }
}
