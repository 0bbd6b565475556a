package io.breachwatch.detector.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects rule errors while a file is read, so that one run reports all of them. Capped: a hostile or badly
 * broken file must not produce millions of lines.
 */
final class Problems {
    static final int MAX_ERRORS = 200;

    private final List<RuleError> errors = new ArrayList<>();
    private int dropped;

    void add(Origin origin, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new RuleError(origin, message));
        } else {
            dropped++;
        }
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** All errors recorded, including those beyond the cap: grows with every {@link #add}. */
    int size() {
        return errors.size() + dropped;
    }

    /**
     * Marks the errors recorded since {@code mark} that lie outside the file of {@code override}: a built-in value
     * that no longer fits the rule the user's override made of it.
     */
    void inheritedSince(int mark, Origin override) {
        for (int i = Math.min(mark, errors.size()); i < errors.size(); i++) {
            RuleError e = errors.get(i);
            if (!e.origin().file().equals(override.file())) {
                errors.set(i, new RuleError(e.origin(), e.message() + " (inherited by the override at " + override
                        + ")"));
            }
        }
    }

    /** The errors by file (in the order files were read), then by line; the message order within a line is kept. */
    List<RuleError> sorted() {
        Map<String, Integer> fileOrder = new LinkedHashMap<>();
        errors.forEach(e -> fileOrder.putIfAbsent(e.origin().file(), fileOrder.size()));
        List<RuleError> out = new ArrayList<>(errors);
        out.sort(Comparator.comparing((RuleError e) -> fileOrder.get(e.origin().file()))
                .thenComparingInt(e -> e.origin().line()));
        if (dropped > 0) {
            RuleError last = out.get(out.size() - 1);
            out.add(new RuleError(new Origin(last.origin().file(), 0),
                    dropped + " more errors not shown; fix the ones above first"));
        }
        return out;
    }
}
