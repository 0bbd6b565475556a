package io.breachwatch.detector.rules;

import io.breachwatch.detector.config.YamlNodes;
import io.breachwatch.detector.rules.RulesYaml.Item;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The top level of a rules file ({@code version: 1}, {@code rules: [...]}) and each rule entry's keys, before the
 * entries are merged and typed: unknown keys, duplicate keys, missing or malformed ids and duplicate ids are found
 * here.
 */
final class RulesDocument {
    static final int VERSION = 1;
    private static final List<String> TOP_KEYS = List.of("version", "rules");

    private RulesDocument() {
    }

    /** The entries of the file in order; problems recorded. */
    static List<RuleEntry> entries(String file, Node root, Problems problems) {
        List<RuleEntry> entries = new ArrayList<>();
        if (root == null || YamlNodes.isNull(root)) {
            problems.add(new Origin(file, 0), "empty rules file: expected 'version: 1' and 'rules:'");
            return entries;
        }
        if (!(root instanceof MappingNode top)) {
            problems.add(RulesYaml.origin(file, root), "a rules file is a mapping with 'version: 1' and 'rules:', "
                    + "not a " + YamlNodes.kind(root));
            return entries;
        }
        Map<String, Item> keys = RulesYaml.mapping(file, top, "", problems);
        keys.values().stream().filter(item -> !TOP_KEYS.contains(item.name())).forEach(item ->
                problems.add(item.keyOrigin(), unknownKey(item.name(), TOP_KEYS, "at the top level")));
        Values values = new Values(problems);
        Item version = keys.get("version");
        if (version == null) {
            problems.add(RulesYaml.origin(file, root), "missing 'version: 1' (the rules file format version)");
        } else {
            Long v = values.whole(file, "version", version.value());
            if (v != null && v != VERSION) {
                problems.add(version.valueOrigin(), "version: unsupported version " + v + "; this breachwatch reads "
                        + "version " + VERSION);
            }
        }
        Item rules = keys.get("rules");
        if (rules == null) {
            problems.add(RulesYaml.origin(file, root), "missing 'rules:' (the list of rules; rules: [] for none)");
            return entries;
        }
        if (YamlNodes.isNull(rules.value())) {
            return entries;
        }
        if (!(rules.value() instanceof SequenceNode list)) {
            problems.add(rules.valueOrigin(), "rules: must be a list of rules, each starting with '- id: ...'");
            return entries;
        }
        Map<String, Origin> ids = new LinkedHashMap<>();
        for (Node node : list.getValue()) {
            RuleEntry entry = entry(file, node, problems);
            if (entry == null) {
                continue;
            }
            Origin first = ids.putIfAbsent(entry.id(), entry.origin());
            if (first != null) {
                problems.add(entry.origin(), "duplicate id '" + entry.id() + "' (first defined at line "
                        + first.line() + ")");
                continue;
            }
            entries.add(entry);
        }
        return entries;
    }

    private static RuleEntry entry(String file, Node node, Problems problems) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(RulesYaml.origin(file, node), "each rule is a mapping starting with '- id: ...', not a "
                    + YamlNodes.kind(node));
            return null;
        }
        Origin origin = RulesYaml.origin(file, node);
        Map<String, Item> keys = new LinkedHashMap<>(RulesYaml.mapping(file, mapping, "", problems));
        keys.values().removeIf(item -> {
            if (SpecReader.RULE_KEYS.contains(item.name())) {
                return false;
            }
            problems.add(item.keyOrigin(), unknownKey(item.name(), SpecReader.RULE_KEYS, "in a rule"));
            return true;
        });
        Item idItem = keys.get("id");
        if (idItem == null) {
            problems.add(origin, "rule without 'id' (every rule starts with '- id: family.name')");
            return null;
        }
        String id = new Values(problems).text(file, "id", idItem.value());
        if (id == null) {
            return null;
        }
        if (!SpecReader.ID.matcher(id).matches()) {
            problems.add(idItem.valueOrigin(), "id: '" + id + "' is not a rule id: lower-case words joined by dots, "
                    + "e.g. auth.brute_force.source");
            return null;
        }
        Map<String, Item> aggregate = null;
        Origin aggregateOrigin = origin;
        Item aggregateItem = keys.get("aggregate");
        if (aggregateItem != null) {
            if (aggregateItem.value() instanceof MappingNode aggregateMapping) {
                aggregate = RulesYaml.mapping(file, aggregateMapping, "aggregate", problems);
                aggregateOrigin = aggregateItem.keyOrigin();
            } else {
                problems.add(aggregateItem.valueOrigin(), "aggregate: must be a mapping such as "
                        + "{ type: count, at_least: 8 }");
            }
        }
        return new RuleEntry(id, origin, keys, aggregate, aggregateOrigin, origin);
    }

    static String unknownKey(String name, List<String> known, String where) {
        if (name.equals("<<")) {
            return "YAML merge keys ('<<') are not supported; repeat the keys, or alias a whole value (*name)";
        }
        return "unknown key '" + name + "' " + where + Suggest.didYouMean(name, known) + "; known keys: "
                + String.join(", ", known);
    }
}
