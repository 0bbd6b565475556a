package io.breachwatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What an operator reads about restoring detection state: sizes, times, promotions; one line each, no data. */
class StateRestoreLogTest {
    private static final TopicPartition CHANGELOG = new TopicPartition("bw-auth-by-source-ip-state-changelog", 2);
    private static final String STORE = "auth-by-source-ip-state";

    private final Logger logger = (Logger) LoggerFactory.getLogger(StateRestoreLog.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final StateRestoreLog log = new StateRestoreLog();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(null);
    }

    @Test
    void aRestoreFromTheChangelogIsLoggedWithItsSizeAtStartAndItsCountAtTheEnd() {
        // Given a restore of offsets 100 to 12,100, in two batches
        log.onRestoreStart(CHANGELOG, STORE, 100, 12_100);
        log.onBatchRestored(CHANGELOG, STORE, 6_100, 6_000);
        log.onBatchRestored(CHANGELOG, STORE, 12_100, 5_990);
        log.onRestoreEnd(CHANGELOG, STORE, 11_990);

        // Then two lines: what is to come, and what it took (batches are not logged)
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).isEqualTo("Restoring auth-by-source-ip-state partition 2 from its changelog:"
                + " up to 12000 records (offsets 100 to 12100)");
        assertThat(lines().get(1)).matches("Restored auth-by-source-ip-state partition 2: 11990 records in \\d+ ms");
    }

    @Test
    void aRestoreCutShortByARebalanceSaysSo() {
        log.onRestoreStart(CHANGELOG, STORE, 0, 500);
        log.onRestoreSuspended(CHANGELOG, STORE, 200);

        assertThat(lines().get(1)).matches("Restoring auth-by-source-ip-state partition 2 suspended after 200"
                + " records in \\d+ ms: the task moved to another instance");
    }

    @Test
    void aStandbyIsLoggedWhenItStartsAndWhenItIsPromotedWithItsLag() {
        log.onUpdateStart(CHANGELOG, STORE, 0);
        log.onBatchLoaded(CHANGELOG, STORE, new TaskId(3, 2), 9_000, 500, 9_040);
        log.onUpdateSuspended(CHANGELOG, STORE, 9_000, 9_040, StandbyUpdateListener.SuspendReason.PROMOTED);
        log.onUpdateSuspended(CHANGELOG, STORE, 9_000, 9_000, StandbyUpdateListener.SuspendReason.MIGRATED);

        assertThat(lines()).containsExactly(
                "Standby of auth-by-source-ip-state partition 2 starts at changelog offset 0",
                "Standby of auth-by-source-ip-state partition 2 promoted to active at changelog offset 9000,"
                        + " 40 records behind its end",
                "Standby of auth-by-source-ip-state partition 2 moved to another instance at changelog offset 9000,"
                        + " 0 records behind its end");
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
