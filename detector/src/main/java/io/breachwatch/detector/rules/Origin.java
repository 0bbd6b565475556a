package io.breachwatch.detector.rules;

/** Where a rule (or one of its values) was written: for error messages an operator can act on. */
public record Origin(String file, int line) {
    public static final Origin BUILT_IN = new Origin("<built-in>", 0);

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
