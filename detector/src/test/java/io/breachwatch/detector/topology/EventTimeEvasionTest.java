package io.breachwatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.config.DetectorConfig;
import io.breachwatch.detector.hostile.HostileRecords;
import io.breachwatch.detector.replay.OfflineDetection;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.DeadLetter;
import io.breachwatch.schema.DeadLetterReason;
import io.breachwatch.schema.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Event-time evasion: an attacker who can write one record with a forged timestamp must not be able to advance
 * event time so that the real attack that follows is discarded as late. Checked where it would bite: the attacker's
 * own source (brute-force rules) and the platform-wide entity every login shares (failure-surge rule).
 */
class EventTimeEvasionTest {
    private static final Instant NOW = TopologyHarness.NOON.instant();
    private static final DetectorConfig CONFIG = DetectorConfig.defaults();

    private static AuthEvent forged(Instant stamp) {
        return new AuthEvent("forged", stamp, "root", HostileRecords.ATTACKER, AuthOutcome.FAILURE, "password",
                "bad_password", "sshd", "bastion");
    }

    /** The newest event time a rule group holds for an entity: the clock lateness is judged against. */
    private static Instant newestEventTime(TopologyHarness bw, String group, String entity) {
        EntityStateStore store = (EntityStateStore) bw.driver.getStateStore(group + "-state");
        return Instant.ofEpochMilli(store.get(entity).newestEventTime());
    }

    @Test
    void aRecordStampedADayAheadIsDeadLetteredAndTheBruteForceThatFollowsIsDetected() {
        // Given the attacker first sends one failure from its own address stamped a day ahead
        List<AuthEvent> attack = HostileRecords.bruteForce(NOW.minus(Duration.ofMinutes(10)));
        try (TopologyHarness bw = new TopologyHarness()) {
            bw.send(forged(NOW.plus(Duration.ofDays(1))));
            // When the real brute force follows
            bw.send(attack);

            // Then the outlier is dead-lettered for its timestamp, and nothing of the attack is late
            List<DeadLetter> dead = bw.deadLetters.readValuesToList();
            assertThat(dead).extracting(DeadLetter::reason, DeadLetter::field, DeadLetter::sourceOffset)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(DeadLetterReason.TIMESTAMP_FUTURE,
                            "timestamp", 0L));
            assertThat(bw.metrics.deadLetters(EventType.AUTH, DeadLetterReason.LATE)).isZero();
            // And event time did not jump: the attacker's source and the platform are at the attack's last event
            Instant last = attack.get(attack.size() - 1).timestamp();
            assertThat(newestEventTime(bw, "auth-by-source-ip", HostileRecords.ATTACKER)).isEqualTo(last);
            assertThat(newestEventTime(bw, "auth-by-platform", "platform")).isEqualTo(last);
            // And the brute force raises exactly the alert it raises without the outlier
            assertThat(bw.alerts.readValuesToList()).isEqualTo(new OfflineDetection(CONFIG).feedAll(attack))
                    .extracting(Alert::ruleId).containsExactly("auth.brute_force.source");
        }
    }

    @Test
    void aRecordStampedJustInsideTheSkewBoundCannotMakeAnAttackLateThatArrivesWithinGraceMinusSkew() {
        // Given an outlier 1 s inside the 5-minute skew bound, accepted: the attacker's source clock moves ahead
        Duration margin = CONFIG.grace().minus(CONFIG.maxFutureSkew());
        assertThat(margin).isEqualTo(Duration.ofMinutes(10));
        Instant stamp = NOW.plus(CONFIG.maxFutureSkew()).minusSeconds(1);
        // And a brute force whose events reach the detector up to 9 minutes after their timestamps
        List<AuthEvent> attack = HostileRecords.bruteForce(NOW.minus(Duration.ofMinutes(9)));
        try (TopologyHarness bw = new TopologyHarness()) {
            bw.send(forged(stamp));
            bw.send(attack);

            // Then every attack event is evaluated and the brute force is detected
            assertThat(bw.deadLetters.readValuesToList()).isEmpty();
            assertThat(newestEventTime(bw, "auth-by-source-ip", HostileRecords.ATTACKER)).isEqualTo(stamp);
            assertThat(bw.alerts.readValuesToList()).extracting(Alert::ruleId)
                    .containsExactly("auth.brute_force.source");
        }
    }

    @Test
    void anAttackArrivingLaterThanGraceMinusSkewBehindSuchARecordIsLateAndCounted() {
        // The limit of the guarantee, stated as a test: events 11 minutes behind the wall clock, after an outlier
        // 5 minutes ahead, are more than the 15-minute grace behind their source's newest event
        Instant stamp = NOW.plus(CONFIG.maxFutureSkew()).minusSeconds(1);
        List<AuthEvent> attack = HostileRecords.bruteForce(NOW.minus(Duration.ofMinutes(11)));
        try (TopologyHarness bw = new TopologyHarness()) {
            bw.send(forged(stamp));
            bw.send(attack);

            // Then they are not dropped silently: each is a late dead letter, per rule group that saw it, counted
            List<DeadLetter> dead = bw.deadLetters.readValuesToList();
            assertThat(dead).isNotEmpty().extracting(DeadLetter::reason).containsOnly(DeadLetterReason.LATE);
            assertThat(dead).extracting(DeadLetter::sourceTopic)
                    .contains("breachwatch-auth-by-source-ip-repartition");
            assertThat(bw.metrics.deadLetters(EventType.AUTH, DeadLetterReason.LATE)).isEqualTo(dead.size());
            assertThat(bw.alerts.readValuesToList()).isEmpty();
        }
    }
}
