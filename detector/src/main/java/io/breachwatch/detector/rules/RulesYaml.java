package io.breachwatch.detector.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a rules file into a YAML node tree, safely: the file is untrusted input. Only SnakeYAML's composer runs
 * (text to nodes with line numbers); no constructor ever turns a node into a Java object, so tags like
 * {@code !!javax.script...} are inert text. The size, the alias count (billion laughs) and the nesting depth are
 * capped before anything is built, so a hostile file is refused quickly instead of exhausting memory.
 */
final class RulesYaml {
    /** A catalogue of hundreds of rules is ~100 KiB; ten times that is not a rules file. */
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_CODE_POINTS = 1 << 20;
    /** Anchors let a file share a where-map between rules; 50 aliases to lists or maps is plenty for that. */
    static final int MAX_ALIASES = 50;
    /** The format itself is at most 5 levels deep (rules, rule, aggregate, matching, condition). */
    static final int MAX_NESTING = 20;

    /**
     * One key of a mapping, with the file it was written in.
     *
     * @param name the key
     * @param path the key with its parents' keys, for messages: {@code aggregate.at_least}
     */
    record Item(String file, String name, String path, Node key, Node value) {
        Origin keyOrigin() {
            return origin(file, key);
        }

        Origin valueOrigin() {
            return origin(file, value);
        }
    }

    private RulesYaml() {
    }

    static Origin origin(String file, Node node) {
        return new Origin(file, node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1);
    }

    /** The file's text, or null (with the reason recorded) when it cannot be a rules file. */
    static String read(Path path, String file, Problems problems) {
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                problems.add(new Origin(file, 0), "refused: the file is " + size + " bytes; a rules file may be at "
                        + "most " + MAX_BYTES + " bytes");
                return null;
            }
            return decode(Files.readAllBytes(path), file, problems);
        } catch (NoSuchFileException e) {
            problems.add(new Origin(file, 0), "cannot read: no such file");
        } catch (IOException e) {
            problems.add(new Origin(file, 0), "cannot read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        return null;
    }

    static String read(InputStream in, String file, Problems problems) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            problems.add(new Origin(file, 0), "refused: a rules file may be at most " + MAX_BYTES + " bytes");
            return null;
        }
        return decode(bytes, file, problems);
    }

    private static String decode(byte[] bytes, String file, Problems problems) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.add(new Origin(file, 0), "not UTF-8 text");
            return null;
        }
    }

    /** The document's root node; null for an empty document or when it could not be read (recorded). */
    static Node compose(String file, String text, Problems problems) {
        if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
            problems.add(new Origin(file, 0), "refused: larger than " + MAX_CODE_POINTS + " characters");
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // only enforced by constructors; mapping() below reports them too
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options),
                    new Resolver(), options);
            return composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            if (e.getContext() != null && e.getProblem() != null) {
                problem = e.getContext() + ": " + e.getProblem();
            }
            if (problem != null && problem.startsWith("Global tag is not allowed")) {
                problem = "refused: the tag !!" + problem.substring(problem.lastIndexOf(':') + 1)
                        + " (rules files hold plain values; Java type tags are never instantiated)";
            } else {
                problem = "YAML syntax: " + problem;
            }
            problems.add(new Origin(file, mark == null ? 0 : mark.getLine() + 1), problem);
        } catch (YAMLException e) {
            problems.add(new Origin(file, 0), refusal(e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            problems.add(new Origin(file, 0), "YAML: cannot read (" + e.getClass().getSimpleName() + ")");
        }
        return null;
    }

    private static String refusal(String message) {
        String m = message == null ? "" : message;
        if (m.contains("aliases")) {
            return "refused: more than " + MAX_ALIASES + " aliases (*name) to lists or maps: alias expansion "
                    + "(\"billion laughs\") is not allowed";
        }
        if (m.contains("code points")) {
            return "refused: larger than " + MAX_CODE_POINTS + " characters";
        }
        if (m.toLowerCase(java.util.Locale.ROOT).contains("nesting depth")) {
            return "refused: nested deeper than " + MAX_NESTING + " levels";
        }
        return "YAML: " + m.lines().findFirst().orElse("cannot read");
    }

    /**
     * The keys of a mapping in file order. Keys must be plain text; a key given twice is an error at its second
     * occurrence (the first one is kept), never silently last-wins.
     */
    static Map<String, Item> mapping(String file, MappingNode node, String path, Problems problems) {
        Map<String, Item> items = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar) || key.getTag().equals(Tag.NULL)) {
                problems.add(origin(file, key), prefix(path) + "keys must be plain names");
                continue;
            }
            String name = scalar.getValue();
            Item previous = items.get(name);
            if (previous != null) {
                problems.add(origin(file, key), prefix(path) + "duplicate key '" + name + "' (first at line "
                        + previous.keyOrigin().line() + ")");
                continue;
            }
            String itemPath = path == null || path.isEmpty() ? name : path + "." + name;
            items.put(name, new Item(file, name, itemPath, key, tuple.getValueNode()));
        }
        return items;
    }

    private static String prefix(String path) {
        return path == null || path.isEmpty() ? "" : path + ": ";
    }
}
