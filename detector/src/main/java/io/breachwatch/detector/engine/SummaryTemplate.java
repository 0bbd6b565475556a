package io.breachwatch.detector.engine;

import io.breachwatch.detector.core.DisplayText;
import io.breachwatch.detector.rules.EventFields;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule's one-line summary with placeholders, parsed once: {entity}, {observed}, {threshold}, {window}, {span},
 * {events}, {top} or {top:N}, {rule}, {event.FIELD}, and finding values such as {baseline_mean}. Every
 * substituted value that could come from an attacker is escaped and cut by {@link DisplayText}.
 */
final class SummaryTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+(?:[.:][a-z0-9_]+)?)}");

    /** What a placeholder needs to render. */
    record Context(String ruleId, String entity, Finding finding, long windowMillis, CanonicalEvent event) {
    }

    private final List<Function<Context, String>> parts = new ArrayList<>();

    SummaryTemplate(String template, EventType type) {
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            String literal = template.substring(last, m.start());
            parts.add(c -> literal);
            parts.add(placeholder(m.group(1), type));
            last = m.end();
        }
        String tail = template.substring(last);
        parts.add(c -> tail);
    }

    String render(Context context) {
        StringBuilder out = new StringBuilder();
        for (Function<Context, String> part : parts) {
            out.append(part.apply(context));
        }
        return out.length() > 1000 ? out.substring(0, 999) + "…" : out.toString();
    }

    private static Function<Context, String> placeholder(String name, EventType type) {
        if (name.startsWith("event.")) {
            Function<CanonicalEvent, Object> field = EventFields.accessor(type, name.substring("event.".length()));
            return c -> {
                Object v = field.apply(c.event());
                return DisplayText.safe(v == null ? null : v.toString(), 64);
            };
        }
        if (name.startsWith("top")) {
            int n = name.startsWith("top:") ? Integer.parseInt(name.substring(4)) : 3;
            return c -> Evidence.topLabels(c.finding().counted(), n);
        }
        switch (name) {
            case "entity":
                return c -> DisplayText.safe(c.entity(), 80);
            case "rule":
                return Context::ruleId;
            case "observed":
                return c -> BaselineAggregate.format(c.finding().observed());
            case "threshold":
                return c -> BaselineAggregate.format(c.finding().threshold());
            case "window":
                return c -> DisplayText.span(c.windowMillis());
            case "span":
                return c -> DisplayText.span(c.finding().windowEnd() - c.finding().windowStart());
            case "events":
                return c -> Long.toString(EventLog.weight(c.finding().counted()));
            default:
                return c -> c.finding().values().getOrDefault(name, "{" + name + "}");
        }
    }
}
