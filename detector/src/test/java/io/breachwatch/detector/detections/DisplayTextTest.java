package io.breachwatch.detector.detections;

import static io.breachwatch.detector.detections.Logins.failures;
import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.core.DisplayText;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** User names are attacker-controlled: they reach summaries and terminals only escaped and cut. */
class DisplayTextTest {

    @Test
    void controlAndBidiCharactersAreEscaped() {
        assertThat(DisplayText.safe("root\r\nFAKE ALERT", 64)).isEqualTo("root\\u000d\\u000aFAKE ALERT");
        assertThat(DisplayText.safe("\u001b[31mred", 64)).isEqualTo("\\u001b[31mred");
        assertThat(DisplayText.safe("admin\u202etxt.exe", 64)).isEqualTo("admin\\u202etxt.exe");
        assertThat(DisplayText.safe(null, 64)).isEqualTo("-");
    }

    @Test
    void longTextIsCut() {
        assertThat(DisplayText.safe("x".repeat(300), 64)).hasSize(65).endsWith("…");
    }

    @Test
    void aUserNameCrafedToForgeALogLineCannotBreakTheSummary() {
        List<AuthEvent> burst = failures("203.0.113.7", "root\n12:00:00 ALERT CRITICAL fake ${jndi:ldap://x}", "10:00:00",
                8, 1);

        List<Alert> alerts = new DetectionHarness().feed(burst);

        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).summary()).doesNotContain("\n").contains("root\\u000a12:00:00 ALERT");
    }

    @Test
    void spansReadLikePeopleWriteThem() {
        assertThat(DisplayText.span(45_000)).isEqualTo("45s");
        assertThat(DisplayText.span(72_000)).isEqualTo("1m12s");
        assertThat(DisplayText.span(120_000)).isEqualTo("2m");
        assertThat(DisplayText.span(7_380_000)).isEqualTo("2h3m");
    }
}
