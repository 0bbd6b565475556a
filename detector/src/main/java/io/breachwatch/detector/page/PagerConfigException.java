package io.breachwatch.detector.page;

import java.util.List;
import java.util.stream.Collectors;

/** A pager config file that cannot be used, with every error found in it (not only the first). */
public final class PagerConfigException extends RuntimeException {
    private final List<ConfigError> errors;

    public PagerConfigException(List<ConfigError> errors) {
        super((errors.size() == 1 ? "1 error" : errors.size() + " errors") + " in the pager config:\n"
                + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
