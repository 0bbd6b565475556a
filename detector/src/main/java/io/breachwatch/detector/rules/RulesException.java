package io.breachwatch.detector.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rules file that cannot be used, with every error found in it (not only the first). */
public final class RulesException extends RuntimeException {
    private final List<RuleError> errors;

    public RulesException(List<RuleError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }

    private static String message(List<RuleError> errors) {
        return (errors.size() == 1 ? "1 error" : errors.size() + " errors") + " in the rules:\n"
                + errors.stream().map(RuleError::toString).collect(Collectors.joining("\n"));
    }
}
