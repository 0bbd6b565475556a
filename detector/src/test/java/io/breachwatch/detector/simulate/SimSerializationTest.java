package io.breachwatch.detector.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.json.EventJson;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every generated event is a valid canonical event (the record constructors check that on creation) and survives
 * the strict JSON mapping both ways: what the simulator produces, the detector's screening accepts.
 */
@Timeout(120)
class SimSerializationTest {

    @Test
    void everyEventOfEveryScenarioRoundTripsThroughStrictJson() {
        EventJson json = EventJson.strict();
        for (String scenario : Scenarios.names()) {
            // Five minutes of background, then the whole attack (the March incident's 30 minutes included).
            Simulation simulation = Runs.simulate(scenario, 50, Duration.ofMinutes(5), Duration.ofMinutes(40));
            Set<String> ids = new HashSet<>();
            long events = 0;
            while (simulation.hasNext()) {
                CanonicalEvent event = simulation.next().event();
                byte[] bytes = json.write(event);
                assertThat(json.read(bytes, event.getClass())).as(scenario).isEqualTo(event);
                assertThat(ids.add(event.eventId())).as("unique id %s", event.eventId()).isTrue();
                events++;
            }
            assertThat(events).as(scenario).isGreaterThan(100_000);
        }
    }

    @Test
    void optionalFieldsAreNullNeverBlank() {
        Simulation simulation = Runs.simulate("march-incident", 200, Duration.ofMinutes(1), Duration.ofMinutes(10));
        simulation.forEachRemaining(e -> {
            String text = EventJson.strict().writeString(e.event());
            assertThat(text).doesNotContain("\"\"").doesNotContain("\": \"\"").doesNotContain("null");
        });
    }
}
