package io.breachwatch.detector.core;

import io.breachwatch.schema.Alert;
import io.breachwatch.schema.AuthEvent;
import java.util.Optional;

/**
 * A detection over authentication events grouped by source address. Implementations are evaluated together, in
 * one processor against one store, by {@link SourceIpDetector}: adding a rule adds no repartition topic.
 */
public interface SourceIpRule {
    RuleDefinition definition();

    /**
     * Called after {@code event} has been recorded in {@code activity}; returns an alert the first time the
     * condition holds. Suppression is applied by the caller.
     */
    Optional<Alert> evaluate(AuthEvent event, SourceActivity activity);
}
