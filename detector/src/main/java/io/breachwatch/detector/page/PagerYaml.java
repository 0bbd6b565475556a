package io.breachwatch.detector.page;

import io.breachwatch.detector.config.Durations;
import io.breachwatch.detector.config.YamlNodes;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a pager config file as a YAML node tree and its values strictly, recording every problem at its line. As
 * for rules files, only SnakeYAML's composer runs (no object construction, so type tags are inert), and size,
 * aliases and nesting are capped. Numbers are plain decimal, booleans {@code true}/{@code false}, durations carry
 * a unit: YAML 1.1's guesses ({@code yes}, {@code 0x1F}, {@code 1:30}) are errors.
 */
final class PagerYaml {
    static final int MAX_CHARS = 256 * 1024;
    private static final int MAX_ALIASES = 20;
    private static final int MAX_NESTING = 12;
    private static final int MAX_ERRORS = 100;
    private static final Pattern WHOLE = Pattern.compile("\\d+(_\\d+)*");

    /** One key of a mapping: its name, its path for messages ({@code destinations[0].url}) and its value. */
    record Item(String name, String path, Node key, Node value) {
    }

    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();

    PagerYaml(String file) {
        this.file = file;
    }

    List<ConfigError> errors() {
        return errors;
    }

    void error(Node node, String path, String message) {
        int line = node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        if (errors.size() < MAX_ERRORS) {
            errors.add(new ConfigError(file, line, path == null || path.isEmpty() ? message : path + ": " + message));
        }
    }

    /** The document's root node; null (with the reason recorded) when it is empty or cannot be read. */
    Node compose(String text) {
        if (text.length() > MAX_CHARS) {
            error(null, null, "refused: larger than " + MAX_CHARS + " characters");
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(MAX_CHARS);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        try {
            return new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(),
                    options).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            errors.add(new ConfigError(file, mark == null ? 0 : mark.getLine() + 1, "YAML syntax: " + problem));
        } catch (YAMLException e) {
            String message = e.getMessage() == null ? "cannot read" : e.getMessage().lines().findFirst().orElse("");
            errors.add(new ConfigError(file, 0, "YAML: " + message));
        } catch (RuntimeException | StackOverflowError e) {
            errors.add(new ConfigError(file, 0, "YAML: cannot read (" + e.getClass().getSimpleName() + ")"));
        }
        return null;
    }

    /** The keys of a mapping in file order; a key given twice is an error at its second occurrence. */
    Map<String, Item> mapping(Node node, String path) {
        Map<String, Item> items = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            error(node, path, "must be a mapping (key: value lines), not a " + YamlNodes.kind(node));
            return items;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar) || key.getTag().equals(Tag.NULL)) {
                error(key, path, "keys must be plain names");
                continue;
            }
            String name = scalar.getValue();
            Item previous = items.get(name);
            if (previous != null) {
                error(key, path, "duplicate key '" + name + "' (first at line "
                        + (previous.key().getStartMark().getLine() + 1) + ")");
                continue;
            }
            items.put(name, new Item(name, path == null || path.isEmpty() ? name : path + "." + name, key,
                    tuple.getValueNode()));
        }
        return items;
    }

    /** Records an error for every key not in {@code known}. */
    void onlyKnown(Map<String, Item> items, List<String> known, String where) {
        for (Item item : items.values()) {
            if (!known.contains(item.name())) {
                error(item.key(), null, "unknown key '" + item.path() + "' " + where + "; known keys: "
                        + String.join(", ", known));
            }
        }
    }

    List<Node> sequence(Item item) {
        if (item.value() instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        error(item.value(), item.path(), "must be a list, not a " + YamlNodes.kind(item.value()));
        return null;
    }

    String text(Node node, String path) {
        if (node instanceof ScalarNode scalar && !YamlNodes.isNull(node)) {
            return scalar.getValue();
        }
        error(node, path, YamlNodes.isNull(node) ? "has no value"
                : "must be a single value, not a " + YamlNodes.kind(node));
        return null;
    }

    String text(Item item) {
        return text(item.value(), item.path());
    }

    /** One of {@code choices} (written in lower case). */
    String choice(Item item, List<String> choices) {
        String value = text(item);
        if (value != null && !choices.contains(value)) {
            error(item.value(), item.path(), "'" + value + "' is not one of " + String.join(", ", choices));
            return null;
        }
        return value;
    }

    Integer whole(Item item, int min, int max) {
        String value = text(item);
        if (value == null) {
            return null;
        }
        if (!((ScalarNode) item.value()).isPlain() || !WHOLE.matcher(value).matches()) {
            error(item.value(), item.path(), "must be a whole number, not '" + value + "'");
            return null;
        }
        long n;
        try {
            n = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            n = Long.MAX_VALUE;
        }
        if (n < min || n > max) {
            error(item.value(), item.path(), "must be between " + min + " and " + max + ", not " + value);
            return null;
        }
        return (int) n;
    }

    Boolean bool(Item item) {
        String value = text(item);
        if (value != null && ((ScalarNode) item.value()).isPlain() && (value.equals("true") || value.equals("false"))) {
            return Boolean.valueOf(value);
        }
        if (value != null) {
            error(item.value(), item.path(), "must be true or false, not '" + value + "'");
        }
        return null;
    }

    /** A duration with a unit, between {@code min} and {@code max}. */
    Duration duration(Item item, Duration min, Duration max) {
        String value = text(item);
        if (value == null) {
            return null;
        }
        if (value.trim().matches("-?\\d+")) {
            error(item.value(), item.path(), "'" + value + "' has no unit (write e.g. " + value.trim() + "s)");
            return null;
        }
        Duration d;
        try {
            d = Durations.parse(item.path(), value);
        } catch (RuntimeException e) {
            error(item.value(), item.path(), "'" + value + "' is not a duration (write e.g. 500ms, 90s, 15m, 2h)");
            return null;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            error(item.value(), item.path(), "must be between " + Durations.format(min) + " and "
                    + Durations.format(max) + ", not " + value);
            return null;
        }
        return d;
    }
}
