package io.breachwatch.detector.cli;

import io.breachwatch.detector.config.ConfigSources;
import io.breachwatch.detector.config.Durations;
import io.breachwatch.detector.rules.AggregateSpec;
import io.breachwatch.detector.rules.Condition;
import io.breachwatch.detector.rules.Filter;
import io.breachwatch.detector.rules.RuleError;
import io.breachwatch.detector.rules.RuleSet;
import io.breachwatch.detector.rules.RuleSpec;
import io.breachwatch.detector.rules.RulesException;
import io.breachwatch.detector.rules.RulesLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code breachwatch rules list|validate}: what the detector would evaluate, and whether a rules file is usable. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Show the effective detection rules, or check a rules file.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.ValidateRules.class})
final class RulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: list or validate");
    }

    /** Prints the effective rules as a table; exit 1 (with every error) when the rules file is broken. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the effective rules: the built-in catalogue with your rules file laid over it.")
    static final class ListRules implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--rules", paramLabel = "FILE",
                description = "Your rules file (default: breachwatch.rules.file from --config or the environment).")
        Path rules;

        @Option(names = "--config", paramLabel = "FILE",
                description = "Properties file whose breachwatch.rules.file to use when --rules is not given.")
        Path config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file = rules != null ? rules : ConfigSources.defaults().withFile(config)
                    .withEnvironment(System.getenv()).build().rulesFile();
            RuleSet set;
            try {
                set = new RulesLoader().load(file);
            } catch (RulesException e) {
                e.errors().forEach(error -> err.println(error));
                err.println((file == null ? RulesLoader.DEFAULT_FILE : file) + ": " + count(e.errors().size(), "error"));
                return 1;
            }
            printTable(out, set);
            out.printf("%s, %d enabled%s%n", count(set.size(), "rule"), set.enabled().size(),
                    file == null ? " (built-in catalogue)" : " (built-in catalogue + " + file + ")");
            return 0;
        }
    }

    /** Checks one rules file laid over the built-in catalogue; exit 1 when it has any error. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a rules file; print every error as file:line: message.")
    static final class ValidateRules implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The rules file to check.")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RulesLoader loader = new RulesLoader();
            List<RuleError> errors = loader.validate(file);
            if (!errors.isEmpty()) {
                errors.forEach(error -> out.println(error));
                out.println(file + ": " + count(errors.size(), "error"));
                return 1;
            }
            RuleSet set = loader.load(file);
            RuleSet builtIn = loader.defaults();
            long overrides = set.ids().stream().filter(id -> set.overriddenAt(id).isPresent()).count();
            long added = set.ids().stream().filter(id -> builtIn.byId(id).isEmpty()).count();
            out.printf("%s: %s OK (%d overriding built-in rules, %d new); %d rules in effect, %d enabled%n", file,
                    count(overrides + added, "rule"), overrides, added, set.size(), set.enabled().size());
            return 0;
        }
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static void printTable(PrintWriter out, RuleSet set) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "ON", "EVENT", "GROUP BY", "WINDOW", "AGGREGATE", "SEVERITY", "ATT&CK",
            "ORIGIN"});
        for (RuleSpec rule : set.all()) {
            String origin = rule.origin().toString()
                    + set.overriddenAt(rule.id()).map(o -> ", changed at " + o).orElse("");
            rows.add(new String[] {rule.id(), rule.enabled() ? "yes" : "no", rule.event().label(),
                String.join("+", rule.groupBy()), window(rule), aggregate(rule.aggregate()), rule.severity().label(),
                String.join(",", rule.attack()), origin});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String window(RuleSpec rule) {
        if (rule.aggregate() instanceof AggregateSpec.Baseline || rule.aggregate() instanceof AggregateSpec.FirstSeen) {
            return "-";
        }
        return Durations.format(rule.window());
    }

    /** One readable line per aggregate and its condition, in ASCII (terminals without UTF-8 exist). */
    static String aggregate(AggregateSpec a) {
        if (a instanceof AggregateSpec.Count c) {
            return "count >= " + c.atLeast();
        }
        if (a instanceof AggregateSpec.DistinctCount d) {
            return "distinct " + d.field() + " >= " + d.atLeast()
                    + (d.minEvents() > 0 ? ", events >= " + d.minEvents() : "")
                    + (d.maxTopShare() < 1.0 ? ", top share <= " + number(d.maxTopShare()) : "");
        }
        if (a instanceof AggregateSpec.Sum s) {
            return "sum " + s.field() + " >= " + s.atLeast();
        }
        if (a instanceof AggregateSpec.Proportion p) {
            return "matching " + filter(p.matching()) + " >= " + p.atLeast() + " and >= "
                    + number(p.minShare() * 100) + "% of events";
        }
        if (a instanceof AggregateSpec.Sequence s) {
            return s.atLeast() + "x " + filter(s.first()) + " then " + filter(s.then());
        }
        if (a instanceof AggregateSpec.Baseline b) {
            String measure = b.measure() == AggregateSpec.Measure.COUNT ? "count"
                    : b.measure().name().toLowerCase(java.util.Locale.ROOT) + " " + b.field();
            return "baseline " + measure + " per " + Durations.format(b.bucket()) + " > mean+" + number(b.sigma())
                    + "sd" + (b.minRatio() > 1 ? ", >= " + number(b.minRatio()) + "x mean" : "")
                    + (b.floor() > 0 ? ", >= " + number(b.floor()) : "") + " (warm-up " + b.warmUp() + ")";
        }
        if (a instanceof AggregateSpec.FirstSeen f) {
            return "first seen " + f.field() + " after " + Durations.format(f.learning()) + " (remembers "
                    + f.maxValues() + ")";
        }
        return String.valueOf(a);
    }

    private static String filter(Filter filter) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Condition> e : filter.fields().entrySet()) {
            Condition c = e.getValue();
            if (c.in() != null) {
                parts.add(e.getKey() + (c.in().size() == 1 ? "=" + c.in().get(0) : " in " + c.in()));
            }
            if (c.notIn() != null) {
                parts.add(e.getKey() + " not in " + c.notIn());
            }
            if (c.gte() != null) {
                parts.add(e.getKey() + ">=" + c.gte());
            }
            if (c.lte() != null) {
                parts.add(e.getKey() + "<=" + c.lte());
            }
            if (c.prefix() != null) {
                parts.add(e.getKey() + " starts with " + c.prefix());
            }
            if (c.cidr() != null) {
                parts.add(e.getKey() + " in " + c.cidr());
            }
            if (c.notCidr() != null) {
                parts.add(e.getKey() + " not in " + c.notCidr());
            }
            if (c.present() != null) {
                parts.add(e.getKey() + (c.present() ? " set" : " unset"));
            }
        }
        return parts.isEmpty() ? "{any}" : "{" + String.join(", ", parts) + "}";
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
