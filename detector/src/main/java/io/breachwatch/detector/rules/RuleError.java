package io.breachwatch.detector.rules;

/**
 * One problem in a rules file, at the line an operator has to edit. Prints as {@code file:line: message}, the form
 * editors and CI logs link to the source.
 */
public record RuleError(Origin origin, String message) {
    @Override
    public String toString() {
        return origin + ": " + message;
    }
}
