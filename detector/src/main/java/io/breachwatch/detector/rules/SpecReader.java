package io.breachwatch.detector.rules;

import io.breachwatch.detector.config.YamlNodes;
import io.breachwatch.detector.rules.RulesYaml.Item;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns one (merged) rule entry into a {@link RuleSpec}, checking everything that can be checked without events:
 * types, ranges, field names against the event type, CIDRs, ATT&CK ids, summary placeholders. Every problem is
 * recorded; the spec is returned only when there was none.
 */
final class SpecReader {
    static final List<String> RULE_KEYS = List.of("id", "title", "description", "event", "where", "group_by",
            "window", "grace", "aggregate", "severity", "attack", "suppression", "explain_by", "summary", "enabled");
    private static final List<String> REQUIRED = List.of("title", "event", "group_by", "aggregate", "severity",
            "suppression", "summary");

    static final Map<String, List<String>> AGGREGATE_KEYS = new LinkedHashMap<>();
    private static final Map<String, List<String>> AGGREGATE_REQUIRED = new LinkedHashMap<>();

    static {
        aggregate("count", List.of("at_least"), List.of());
        aggregate("distinct_count", List.of("field", "at_least"), List.of("min_events", "max_top_share"));
        aggregate("sum", List.of("field", "at_least"), List.of());
        aggregate("proportion", List.of("matching", "at_least", "min_share"), List.of());
        aggregate("sequence", List.of("first", "at_least", "then"), List.of());
        aggregate("baseline", List.of("measure", "bucket", "warm_up", "sigma"),
                List.of("field", "min_ratio", "floor"));
        aggregate("first_seen", List.of("field", "learning"), List.of("max_values"));
    }

    private static void aggregate(String type, List<String> required, List<String> optional) {
        List<String> all = new ArrayList<>(List.of("type"));
        all.addAll(required);
        all.addAll(optional);
        AGGREGATE_KEYS.put(type, List.copyOf(all));
        AGGREGATE_REQUIRED.put(type, required);
    }

    static final List<String> CONDITION_KEYS = List.of("in", "not_in", "gte", "lte", "cidr", "not_cidr", "present",
            "prefix");
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");
    private static final Pattern ATTACK = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Set<String> COMMON_PLACEHOLDERS = Set.of("entity", "observed", "threshold", "window",
            "span", "events", "rule", "top");
    /** Values only some aggregates fill in (see the engine's findings). */
    private static final Map<String, String> TYPE_PLACEHOLDERS = Map.of("min_events", "distinct_count",
            "share", "proportion", "baseline_mean", "baseline", "baseline_sigma", "baseline", "ratio", "baseline",
            "new_value", "first_seen", "known_values", "first_seen");
    static final Duration MAX_WINDOW = Duration.ofDays(7);
    static final Duration MAX_SUPPRESSION = Duration.ofDays(7);
    static final Duration MAX_BUCKET = Duration.ofDays(1);
    static final Duration MAX_LEARNING = Duration.ofDays(30);
    static final int MAX_FIRST_SEEN_VALUES = 10_000;
    static final int MAX_SUMMARY = 500;

    private final Problems problems;
    private final Values values;

    SpecReader(Problems problems) {
        this.problems = problems;
        this.values = new Values(problems);
    }

    /** The spec, or null when the entry has errors (all of them recorded). */
    RuleSpec read(RuleEntry entry) {
        int before = problems.size();
        Map<String, Item> keys = entry.keys();
        for (String required : REQUIRED) {
            if (!keys.containsKey(required)) {
                problems.add(entry.editedAt(), "rule '" + entry.id() + "' is missing required key '" + required + "'");
            }
        }
        String title = text(keys.get("title"));
        if (title != null && (title.isBlank() || title.length() > 120)) {
            error(keys.get("title"), "must be 1 to 120 characters");
        }
        String description = optional(keys.get("description")) ? text(keys.get("description")) : "";
        EventType event = event(keys.get("event"));
        Filter where = optional(keys.get("where")) ? filter(event, "where", keys.get("where").file(),
                keys.get("where").value()) : Filter.ALL;
        List<String> groupBy = groupBy(event, keys.get("group_by"));
        String kind = aggregateType(entry);
        AggregateSpec aggregate = aggregate(entry, event, groupBy, kind);
        Duration window = window(entry, kind, aggregate);
        Duration grace = null;
        if (optional(keys.get("grace"))) {
            grace = duration(keys.get("grace"));
            if (grace != null && (grace.isNegative() || grace.compareTo(MAX_WINDOW) > 0)) {
                error(keys.get("grace"), "must be between 0 and 7d");
            }
        }
        Severity severity = severity(keys.get("severity"));
        List<String> attack = optional(keys.get("attack")) ? attack(keys.get("attack")) : List.of();
        Duration suppression = duration(keys.get("suppression"));
        if (suppression != null && (suppression.isNegative() || suppression.compareTo(MAX_SUPPRESSION) > 0)) {
            error(keys.get("suppression"), "must be between 0 and 7d (state is kept for the suppression period)");
        }
        String explainBy = null;
        if (optional(keys.get("explain_by"))) {
            explainBy = text(keys.get("explain_by"));
            if (explainBy != null && event != null) {
                checkField(event, keys.get("explain_by").file(), keys.get("explain_by").value(), "explain_by",
                        explainBy);
            }
        }
        String summary = text(keys.get("summary"));
        if (summary != null) {
            summary(keys.get("summary"), summary, event, kind, explainBy);
        }
        Boolean enabled = optional(keys.get("enabled")) ? bool(keys.get("enabled")) : Boolean.TRUE;
        if (problems.size() > before) {
            if (!entry.editedAt().equals(entry.origin())) {
                problems.inheritedSince(before, entry.editedAt());
            }
            return null;
        }
        return new RuleSpec(entry.id(), title, description, event, where, groupBy, window, grace, aggregate, severity,
                attack, suppression, summary, explainBy, enabled, entry.origin());
    }

    // --- the rule's keys -------------------------------------------------------------------------------------

    private EventType event(Item item) {
        String text = text(item);
        if (text == null) {
            return null;
        }
        for (EventType type : EventType.values()) {
            if (type.label().equals(text)) {
                return type;
            }
        }
        error(item, "'" + text + "' is not an event type (auth, api or net)");
        return null;
    }

    private List<String> groupBy(EventType event, Item item) {
        if (item == null) {
            return null;
        }
        List<String> fields = values.textList(item.file(), item.path(), item.value());
        if (fields == null) {
            return null;
        }
        boolean ok = true;
        Set<String> seen = new LinkedHashSet<>();
        for (String field : fields) {
            if (!seen.add(field)) {
                error(item, "'" + field + "' is listed twice");
                ok = false;
            } else if (event != null && !checkField(event, item.file(), item.value(), "group_by", field)) {
                ok = false;
            }
        }
        if (fields.contains(EventFields.PLATFORM) && fields.size() > 1) {
            error(item, "'platform' is one platform-wide entity; it cannot be combined with other fields");
            ok = false;
        }
        return ok ? List.copyOf(fields) : null;
    }

    private Duration window(RuleEntry entry, String kind, AggregateSpec aggregate) {
        Item item = entry.keys().get("window");
        boolean measuredElsewhere = "baseline".equals(kind) || "first_seen".equals(kind);
        if (measuredElsewhere) {
            if (optional(item)) {
                error(item, "does not apply to " + kind + " rules: " + ("baseline".equals(kind)
                        ? "the current value is measured per aggregate.bucket" : "they learn over aggregate.learning")
                        + " (remove it, or write window: null in an override)");
            }
            // The spec's window is the span the {window} placeholder shows: the bucket or the learning period.
            if (aggregate instanceof AggregateSpec.Baseline b) {
                return b.bucket();
            }
            return aggregate instanceof AggregateSpec.FirstSeen f ? f.learning() : null;
        }
        if (item == null || YamlNodes.isNull(item.value())) {
            if (kind != null || entry.aggregate() == null) { // else the aggregate type is wrong: already reported
                problems.add(entry.editedAt(), "rule '" + entry.id() + "' is missing required key 'window'");
            }
            return null;
        }
        Duration window = duration(item);
        if (window != null && (window.isZero() || window.isNegative() || window.compareTo(MAX_WINDOW) > 0)) {
            error(item, "must be more than 0 and at most 7d");
        }
        return window;
    }

    private Severity severity(Item item) {
        String text = text(item);
        if (text == null) {
            return null;
        }
        for (Severity severity : Severity.values()) {
            if (severity.label().equals(text)) {
                return severity;
            }
        }
        error(item, "'" + text + "' is not a severity (low, medium, high or critical)");
        return null;
    }

    private List<String> attack(Item item) {
        if (item.value() instanceof SequenceNode s && s.getValue().isEmpty()) {
            return List.of();
        }
        List<String> ids = values.textList(item.file(), item.path(), item.value());
        if (ids == null) {
            return null;
        }
        boolean ok = true;
        for (String id : ids) {
            if (!ATTACK.matcher(id).matches()) {
                error(item, "'" + id + "' is not an ATT&CK technique id (T1110 or T1110.001)");
                ok = false;
            }
        }
        return ok ? List.copyOf(ids) : null;
    }

    private void summary(Item item, String summary, EventType event, String kind, String explainBy) {
        if (summary.isBlank() || summary.length() > MAX_SUMMARY) {
            error(item, "must be 1 to " + MAX_SUMMARY + " characters (one line a human reads on a phone)");
        }
        if (summary.indexOf('\n') >= 0 || summary.indexOf('\r') >= 0) {
            error(item, "must be one line");
        }
        int open = summary.lastIndexOf('{');
        if (open >= 0 && summary.indexOf('}', open) < 0) {
            error(item, "'{' at character " + (open + 1) + " is never closed");
        }
        Matcher m = PLACEHOLDER.matcher(summary);
        while (m.find()) {
            String name = m.group(1);
            String problem = placeholderProblem(name, event, kind, explainBy);
            if (problem != null) {
                error(item, "{" + name + "} " + problem);
            }
        }
    }

    private static String placeholderProblem(String name, EventType event, String kind, String explainBy) {
        boolean noBreakdown = "baseline".equals(kind) || "first_seen".equals(kind);
        if (name.startsWith("event.")) {
            String field = name.substring("event.".length());
            if (event != null && !EventFields.exists(event, field)) {
                return "names no " + event.label() + " field" + Suggest.didYouMean(field, EventFields.names(event));
            }
            return null;
        }
        if (name.equals("top") || name.startsWith("top:")) {
            if (name.startsWith("top:") && !name.substring(4).matches("[1-9]|1\\d|20")) {
                return "must be {top} or {top:N} with N from 1 to 20";
            }
            if (noBreakdown) {
                return "is always empty for " + kind + " rules (they keep no per-event breakdown)";
            }
            if (explainBy == null && !"distinct_count".equals(kind)) {
                return "lists the most frequent explain_by values: set explain_by";
            }
            return null;
        }
        if (name.equals("events") && noBreakdown) {
            return "is not filled in for " + kind + " rules";
        }
        if (COMMON_PLACEHOLDERS.contains(name)) {
            return null;
        }
        String onlyFor = TYPE_PLACEHOLDERS.get(name);
        if (onlyFor != null) {
            return onlyFor.equals(kind) || kind == null ? null : "is only filled in for " + onlyFor + " rules";
        }
        Set<String> known = new LinkedHashSet<>(COMMON_PLACEHOLDERS);
        known.addAll(TYPE_PLACEHOLDERS.keySet());
        return "is not a placeholder" + Suggest.didYouMean(name, known) + "; known: {entity} {observed} {threshold} "
                + "{window} {span} {events} {top} {top:N} {rule} {event.FIELD}, and per aggregate "
                + "{min_events} {share} {baseline_mean} {baseline_sigma} {ratio} {new_value} {known_values}";
    }

    // --- where: field conditions -----------------------------------------------------------------------------

    Filter filter(EventType event, String path, String file, Node node) {
        if (!(node instanceof MappingNode mapping)) {
            values.error(file, node, path, YamlNodes.isNull(node) ? "has no value"
                    : "must be a mapping of field: condition, e.g. { outcome: failure }");
            return null;
        }
        Map<String, Condition> conditions = new LinkedHashMap<>();
        boolean ok = true;
        for (Item item : RulesYaml.mapping(file, mapping, path, problems).values()) {
            String fieldPath = item.path();
            if (event != null && !checkField(event, file, item.key(), path, item.name())) {
                ok = false;
                continue;
            }
            Condition condition = condition(item.name(), fieldPath, file, item.value());
            if (condition == null) {
                ok = false;
            } else {
                conditions.put(item.name(), condition);
            }
        }
        return ok ? new Filter(conditions) : null;
    }

    private Condition condition(String field, String path, String file, Node node) {
        if (!(node instanceof MappingNode mapping)) {
            List<String> in = values.textList(file, path, node);
            if (in == null || !numericValues(field, path, file, node, in)) {
                return null;
            }
            return new Condition(List.copyOf(in), null, null, null, null, null, null, null);
        }
        Map<String, Item> parts = RulesYaml.mapping(file, mapping, path, problems);
        if (parts.isEmpty()) {
            values.error(file, node, path, "is an empty condition; use one of " + CONDITION_KEYS);
            return null;
        }
        int before = problems.size();
        List<String> in = null;
        List<String> notIn = null;
        List<String> cidr = null;
        List<String> notCidr = null;
        List<String> prefix = null;
        Long gte = null;
        Long lte = null;
        Boolean present = null;
        for (Item part : parts.values()) {
            String partPath = part.path();
            switch (part.name()) {
                case "in":
                    in = values.textList(file, partPath, part.value());
                    if (in != null) {
                        numericValues(field, partPath, file, part.value(), in);
                    }
                    break;
                case "not_in":
                    notIn = values.textList(file, partPath, part.value());
                    if (notIn != null) {
                        numericValues(field, partPath, file, part.value(), notIn);
                    }
                    break;
                case "prefix":
                    prefix = values.textList(file, partPath, part.value());
                    break;
                case "gte":
                case "lte":
                    Long bound = values.whole(file, partPath, part.value());
                    if (bound != null && !EventFields.numeric(field)) {
                        values.error(file, part.key(), partPath, "'" + field + "' is not a number field; gte and "
                                + "lte apply to " + numericFields());
                    }
                    if (part.name().equals("gte")) {
                        gte = bound;
                    } else {
                        lte = bound;
                    }
                    break;
                case "cidr":
                case "not_cidr":
                    List<String> networks = values.textList(file, partPath, part.value());
                    if (networks != null) {
                        if (!field.endsWith("_ip")) {
                            values.error(file, part.key(), partPath, "'" + field + "' is not an address field; "
                                    + "cidr and not_cidr apply to source_ip, src_ip and dst_ip");
                        }
                        for (String network : networks) {
                            String problem = CidrSyntax.problem(network);
                            if (problem != null) {
                                values.error(file, part.value(), partPath, problem);
                            }
                        }
                    }
                    if (part.name().equals("cidr")) {
                        cidr = networks;
                    } else {
                        notCidr = networks;
                    }
                    break;
                case "present":
                    present = values.bool(file, partPath, part.value());
                    break;
                default:
                    values.error(file, part.key(), path, "unknown condition '" + part.name() + "'"
                            + Suggest.didYouMean(part.name(), CONDITION_KEYS) + "; use " + CONDITION_KEYS);
            }
        }
        if (gte != null && lte != null && gte > lte) {
            values.error(file, node, path, "gte " + gte + " is above lte " + lte + ": nothing can match");
        }
        if (problems.size() > before) {
            return null;
        }
        return new Condition(copy(in), copy(notIn), gte, lte, copy(cidr), copy(notCidr), present, copy(prefix));
    }

    private boolean numericValues(String field, String path, String file, Node node, List<String> list) {
        if (!EventFields.numeric(field)) {
            return true;
        }
        for (String value : list) {
            if (!value.matches("-?\\d+")) {
                values.error(file, node, path, "'" + field + "' is a number; '" + value + "' can never match");
                return false;
            }
        }
        return true;
    }

    private static List<String> copy(List<String> list) {
        return list == null ? null : List.copyOf(list);
    }

    private static String numericFields() {
        return "status, response_bytes, records, src_port, dst_port, bytes_out, bytes_in";
    }

    /** True when {@code field} exists for the event type; records an error naming the near miss otherwise. */
    private boolean checkField(EventType event, String file, Node at, String path, String field) {
        if (EventFields.exists(event, field)) {
            return true;
        }
        problems.add(RulesYaml.origin(file, at), path + ": unknown " + event.label() + " field '" + field + "'"
                + Suggest.didYouMean(field, EventFields.names(event)) + "; " + event.label() + " fields: "
                + String.join(", ", EventFields.names(event)));
        return false;
    }

    // --- aggregate -------------------------------------------------------------------------------------------

    private String aggregateType(RuleEntry entry) {
        if (entry.aggregate() == null) {
            return null;
        }
        Item type = entry.aggregate().get("type");
        if (type == null) {
            problems.add(entry.aggregateOrigin(), "aggregate: missing 'type' (one of "
                    + String.join(", ", AGGREGATE_KEYS.keySet()) + ")");
            return null;
        }
        String name = values.text(type.file(), type.path(), type.value());
        if (name != null && !AGGREGATE_KEYS.containsKey(name)) {
            values.error(type.file(), type.value(), "aggregate.type", "'" + name + "' is not an aggregate type"
                    + Suggest.didYouMean(name, AGGREGATE_KEYS.keySet()) + "; use one of "
                    + String.join(", ", AGGREGATE_KEYS.keySet()));
            return null;
        }
        return name;
    }

    private AggregateSpec aggregate(RuleEntry entry, EventType event, List<String> groupBy, String type) {
        if (type == null) {
            return null;
        }
        Map<String, Item> keys = entry.aggregate();
        int before = problems.size();
        List<String> allowed = AGGREGATE_KEYS.get(type);
        for (Item item : keys.values()) {
            if (allowed.contains(item.name())) {
                continue;
            }
            String owner = AGGREGATE_KEYS.entrySet().stream().filter(e -> e.getValue().contains(item.name()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            problems.add(item.keyOrigin(), "aggregate: '" + item.name() + "' "
                    + (owner != null ? "does not apply to type " + type + " (it belongs to " + owner + ")"
                            : "is not an aggregate key" + Suggest.didYouMean(item.name(), allowed))
                    + "; " + type + " takes " + String.join(", ", allowed));
        }
        boolean missing = false;
        for (String required : AGGREGATE_REQUIRED.get(type)) {
            if (!keys.containsKey(required) || YamlNodes.isNull(keys.get(required).value())) {
                problems.add(entry.aggregateOrigin(), "aggregate: type " + type + " needs '" + required + "'");
                missing = true;
            }
        }
        if (missing) {
            return null;
        }
        // Unknown keys were reported above; the known ones are still checked, so one run reports everything.
        switch (type) {
            case "count": {
                Long atLeast = positive(keys.get("at_least"));
                return atLeast == null ? null : new AggregateSpec.Count(atLeast);
            }
            case "distinct_count": {
                String field = field(event, keys.get("field"), false);
                if (field != null && groupBy != null && groupBy.contains(field)) {
                    error(keys.get("field"), "'" + field + "' is a group_by field: its distinct count is always 1");
                }
                Long atLeast = positive(keys.get("at_least"));
                Long minEvents = keys.containsKey("min_events") ? atLeastZero(keys.get("min_events")) : Long.valueOf(0);
                Double topShare = keys.containsKey("max_top_share") ? share(keys.get("max_top_share")) : Double.valueOf(1.0);
                if (problems.size() > before) {
                    return null;
                }
                return new AggregateSpec.DistinctCount(field, atLeast, minEvents, topShare);
            }
            case "sum": {
                String field = field(event, keys.get("field"), true);
                Long atLeast = positive(keys.get("at_least"));
                return problems.size() > before ? null : new AggregateSpec.Sum(field, atLeast);
            }
            case "proportion": {
                Item matching = keys.get("matching");
                Filter filter = filter(event, "aggregate.matching", matching.file(), matching.value());
                Long atLeast = positive(keys.get("at_least"));
                Double minShare = share(keys.get("min_share"));
                return problems.size() > before ? null : new AggregateSpec.Proportion(filter, atLeast, minShare);
            }
            case "sequence": {
                Item first = keys.get("first");
                Item then = keys.get("then");
                Filter firstFilter = filter(event, "aggregate.first", first.file(), first.value());
                Long atLeast = positive(keys.get("at_least"));
                Filter thenFilter = filter(event, "aggregate.then", then.file(), then.value());
                return problems.size() > before ? null : new AggregateSpec.Sequence(firstFilter, atLeast, thenFilter);
            }
            case "baseline":
                return baseline(event, keys, before);
            default:
                return firstSeen(event, keys, before);
        }
    }

    private AggregateSpec baseline(EventType event, Map<String, Item> keys, int before) {
        Item measureItem = keys.get("measure");
        String measureText = values.text(measureItem.file(), measureItem.path(), measureItem.value());
        AggregateSpec.Measure measure = null;
        if (measureText != null) {
            switch (measureText) {
                case "count":
                    measure = AggregateSpec.Measure.COUNT;
                    break;
                case "sum":
                    measure = AggregateSpec.Measure.SUM;
                    break;
                case "distinct":
                    measure = AggregateSpec.Measure.DISTINCT;
                    break;
                default:
                    error(measureItem, "'" + measureText + "' is not a baseline measure (count, sum or distinct)");
            }
        }
        Item fieldItem = keys.get("field");
        boolean hasField = fieldItem != null && !YamlNodes.isNull(fieldItem.value());
        String field = null;
        if (measure == AggregateSpec.Measure.COUNT && hasField) {
            error(fieldItem, "a count baseline counts events and takes no field");
        } else if (measure != null && measure != AggregateSpec.Measure.COUNT) {
            if (!hasField) {
                error(measureItem, "a " + measureText + " baseline needs aggregate.field");
            } else {
                field = field(event, fieldItem, measure == AggregateSpec.Measure.SUM);
            }
        }
        Duration bucket = duration(keys.get("bucket"));
        if (bucket != null && (bucket.isZero() || bucket.isNegative() || bucket.compareTo(MAX_BUCKET) > 0)) {
            error(keys.get("bucket"), "must be more than 0 and at most 1d");
        }
        Long warmUp = positive(keys.get("warm_up"));
        if (warmUp != null && warmUp > 10_000) {
            error(keys.get("warm_up"), "must be at most 10000 buckets");
        }
        Double sigma = decimal(keys.get("sigma"));
        if (sigma != null && sigma <= 0) {
            error(keys.get("sigma"), "must be more than 0");
        }
        Double minRatio = keys.containsKey("min_ratio") ? decimal(keys.get("min_ratio")) : Double.valueOf(1.0);
        if (minRatio != null && minRatio < 0) {
            error(keys.get("min_ratio"), "must be 0 or more");
        }
        Double floor = keys.containsKey("floor") ? decimal(keys.get("floor")) : Double.valueOf(0);
        if (floor != null && floor < 0) {
            error(keys.get("floor"), "must be 0 or more");
        }
        if (problems.size() > before) {
            return null;
        }
        return new AggregateSpec.Baseline(measure, field, bucket, warmUp.intValue(), sigma, minRatio, floor);
    }

    private AggregateSpec firstSeen(EventType event, Map<String, Item> keys, int before) {
        String field = field(event, keys.get("field"), false);
        Duration learning = duration(keys.get("learning"));
        if (learning != null && (learning.isZero() || learning.isNegative() || learning.compareTo(MAX_LEARNING) > 0)) {
            error(keys.get("learning"), "must be more than 0 and at most 30d");
        }
        Long maxValues = keys.containsKey("max_values") ? positive(keys.get("max_values")) : Long.valueOf(1000);
        if (maxValues != null && maxValues > MAX_FIRST_SEEN_VALUES) {
            error(keys.get("max_values"), "must be at most " + MAX_FIRST_SEEN_VALUES
                    + " (values are remembered per entity)");
        }
        if (problems.size() > before) {
            return null;
        }
        return new AggregateSpec.FirstSeen(field, learning, maxValues.intValue());
    }

    private String field(EventType event, Item item, boolean numeric) {
        String field = values.text(item.file(), item.path(), item.value());
        if (field == null || event == null) {
            return field;
        }
        if (!checkField(event, item.file(), item.value(), item.path(), field)) {
            return null;
        }
        if (numeric && !EventFields.numeric(field)) {
            error(item, "'" + field + "' is not a number field; sum applies to " + numericFields());
            return null;
        }
        return field;
    }

    private Long positive(Item item) {
        Long value = values.whole(item.file(), path(item), item.value());
        if (value != null && value <= 0) {
            error(item, "must be more than 0, not " + value);
            return null;
        }
        return value;
    }

    private Long atLeastZero(Item item) {
        Long value = values.whole(item.file(), path(item), item.value());
        if (value != null && value < 0) {
            error(item, "must be 0 or more, not " + value);
            return null;
        }
        return value;
    }

    private Double share(Item item) {
        Double value = decimal(item);
        if (value != null && (value <= 0 || value > 1)) {
            error(item, "must be a share above 0 and at most 1 (0.5 = half), not " + value);
            return null;
        }
        return value;
    }

    private Double decimal(Item item) {
        return values.decimal(item.file(), path(item), item.value());
    }

    // --- small helpers ---------------------------------------------------------------------------------------

    private static String path(Item item) {
        return item.path();
    }

    private static boolean optional(Item item) {
        return item != null && !YamlNodes.isNull(item.value());
    }

    private String text(Item item) {
        return item == null ? null : values.text(item.file(), item.path(), item.value());
    }

    private Boolean bool(Item item) {
        return values.bool(item.file(), item.path(), item.value());
    }

    private Duration duration(Item item) {
        return item == null ? null : values.duration(item.file(), path(item), item.value());
    }

    private void error(Item item, String message) {
        problems.add(item.valueOrigin(), path(item) + ": " + message);
    }
}
