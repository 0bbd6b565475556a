package io.breachwatch.detector.rules;

import io.breachwatch.detector.config.Durations;
import io.breachwatch.detector.config.YamlNodes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Typed reads of YAML scalars, each recording an error (at the value's line, named by its key path) and returning
 * null when the value does not fit. Strict on purpose: numbers are plain decimal, booleans are {@code true} or
 * {@code false}, and YAML 1.1's surprises ({@code yes}, {@code 0x1F}, {@code 1:30}) are errors, not guesses.
 */
final class Values {
    private static final Pattern WHOLE = Pattern.compile("-?\\d+(_\\d+)*");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(_\\d+)*(\\.\\d+)?([eE][-+]?\\d+)?");
    static final int MAX_LIST = 1000;

    private final Problems problems;

    Values(Problems problems) {
        this.problems = problems;
    }

    void error(String file, Node node, String path, String message) {
        problems.add(RulesYaml.origin(file, node), path + ": " + message);
    }

    /** A scalar as text (numbers and booleans as written). */
    String text(String file, String path, Node node) {
        if (node instanceof ScalarNode scalar && !YamlNodes.isNull(node)) {
            return scalar.getValue();
        }
        error(file, node, path, YamlNodes.isNull(node) ? "has no value"
                : "must be a single value, not a " + YamlNodes.kind(node));
        return null;
    }

    /** A single value or a list of values, as text; never empty. */
    List<String> textList(String file, String path, Node node) {
        if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            if (items.isEmpty()) {
                error(file, node, path, "is an empty list");
                return null;
            }
            if (items.size() > MAX_LIST) {
                error(file, node, path, "has " + items.size() + " entries; at most " + MAX_LIST);
                return null;
            }
            List<String> out = new ArrayList<>();
            boolean ok = true;
            for (Node item : items) {
                String value = text(file, path, item);
                if (value == null) {
                    ok = false;
                } else {
                    out.add(value);
                }
            }
            return ok ? out : null;
        }
        String single = text(file, path, node);
        return single == null ? null : List.of(single);
    }

    Long whole(String file, String path, Node node) {
        String value = number(file, path, node);
        if (value == null) {
            return null;
        }
        if (!WHOLE.matcher(value).matches()) {
            error(file, node, path, "must be a whole number, not '" + value + "'");
            return null;
        }
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            error(file, node, path, "'" + value + "' is too large");
            return null;
        }
    }

    Double decimal(String file, String path, Node node) {
        String value = number(file, path, node);
        if (value == null) {
            return null;
        }
        if (!DECIMAL.matcher(value).matches()) {
            error(file, node, path, "must be a number, not '" + value + "'"
                    + (value.endsWith("%") ? " (write a share as 0.5, not 50%)" : ""));
            return null;
        }
        double d = new BigDecimal(value.replace("_", "")).doubleValue();
        if (Double.isInfinite(d)) {
            error(file, node, path, "'" + value + "' is too large");
            return null;
        }
        return d;
    }

    private String number(String file, String path, Node node) {
        String value = text(file, path, node);
        if (value != null && !((ScalarNode) node).isPlain()) {
            error(file, node, path, "must be a number, not the quoted text \"" + value + "\"");
            return null;
        }
        return value;
    }

    Boolean bool(String file, String path, Node node) {
        String value = text(file, path, node);
        if (value == null) {
            return null;
        }
        if (((ScalarNode) node).isPlain() && (value.equals("true") || value.equals("false"))) {
            return Boolean.valueOf(value);
        }
        error(file, node, path, "must be true or false, not '" + value + "'");
        return null;
    }

    /** A duration such as 90s or 15m (see {@link Durations}); the caller checks its range. */
    Duration duration(String file, String path, Node node) {
        String value = text(file, path, node);
        if (value == null) {
            return null;
        }
        if (value.trim().matches("-?\\d+")) {
            error(file, node, path, "'" + value + "' has no unit (write e.g. " + value.trim() + "s or "
                    + value.trim() + "m)");
            return null;
        }
        try {
            return Durations.parse(path, value);
        } catch (RuntimeException e) {
            error(file, node, path, "'" + value + "' is not a duration (write e.g. 500ms, 90s, 15m, 2h, 7d or "
                    + "ISO-8601 PT15M)");
            return null;
        }
    }
}
