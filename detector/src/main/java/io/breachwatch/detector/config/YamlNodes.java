package io.breachwatch.detector.config;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What the strict YAML readers of breachwatch's files (rules, pager config) ask of a composed node, in one place so
 * that both files name a wrong shape in the same words: an operator who wrote a list where a value belongs reads
 * "not a list" whichever file it is.
 */
public final class YamlNodes {
    private YamlNodes() {
    }

    /** Whether the node is YAML's null: an empty value, {@code ~} or {@code null}. */
    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** The node's shape as a file's author calls it: mapping, list or value. */
    public static String kind(Node node) {
        switch (node.getNodeId()) {
            case mapping:
                return "mapping";
            case sequence:
                return "list";
            default:
                return "value";
        }
    }
}
