package io.breachwatch.detector.page;

/**
 * One problem in a pager config file, at the line an operator has to edit. Prints as {@code file:line: message}, the
 * form editors and CI logs link to the source.
 */
public record ConfigError(String file, int line, String message) {
    @Override
    public String toString() {
        return (line > 0 ? file + ":" + line : file) + ": " + message;
    }
}
