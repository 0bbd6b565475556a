package io.breachwatch.detector.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rules: the built-in catalogue ({@code rules/default-rules.yaml} in the jar) and, optionally, a user's
 * rules file laid over it. In the user's file an entry whose id is a built-in rule changes only the keys it gives
 * (and {@code aggregate} key by key), so {@code - id: auth.brute_force.source} with
 * {@code aggregate: {at_least: 12}} changes one threshold and {@code enabled: false} switches a rule off; an entry
 * with a new id is a new rule and must be complete. Every error in the file is reported as {@code file:line:
 * message}, all at once. See docs/rules.md.
 */
public final class RulesLoader {
    public static final String DEFAULT_RESOURCE = "rules/default-rules.yaml";
    /** How errors and origins name the built-in file. */
    public static final String DEFAULT_FILE = "default-rules.yaml";

    private final String defaultsFile;
    private final String defaultsText;
    private List<RuleEntry> defaultEntries;
    private RuleSet defaults;

    /** Reads the catalogue shipped in the jar. */
    public RulesLoader() {
        this(DEFAULT_FILE, builtInText());
    }

    /** Another built-in catalogue (tests). */
    RulesLoader(String defaultsFile, String defaultsText) {
        this.defaultsFile = defaultsFile;
        this.defaultsText = defaultsText;
    }

    /** The built-in catalogue alone. */
    public synchronized RuleSet defaults() {
        if (defaults == null) {
            Problems problems = new Problems();
            List<RuleSpec> specs = specs(defaultEntries(problems), problems);
            if (!problems.isEmpty()) {
                throw new RulesException(problems.sorted());
            }
            defaults = new RuleSet(specs, Map.of());
        }
        return defaults;
    }

    /**
     * The built-in catalogue with {@code userFile} laid over it ({@code null}: the catalogue alone).
     *
     * @throws RulesException with every error, when either file has any
     */
    public RuleSet load(Path userFile) {
        if (userFile == null) {
            return defaults();
        }
        Problems problems = new Problems();
        String name = userFile.toString();
        String text = RulesYaml.read(userFile, name, problems);
        return loadOrThrow(name, text, problems);
    }

    /** The built-in catalogue with the rules in {@code text} (named {@code fileName} in errors) laid over it. */
    public RuleSet load(String fileName, String text) {
        return loadOrThrow(fileName, text, new Problems());
    }

    /** Every error of {@code file} laid over the built-in catalogue; empty when it can be loaded. */
    public List<RuleError> validate(Path file) {
        try {
            load(file);
            return List.of();
        } catch (RulesException e) {
            return e.errors();
        }
    }

    /** Every error of {@code text} laid over the built-in catalogue. */
    public List<RuleError> validate(String fileName, String text) {
        try {
            load(fileName, text);
            return List.of();
        } catch (RulesException e) {
            return e.errors();
        }
    }

    private RuleSet loadOrThrow(String name, String text, Problems problems) {
        List<RuleEntry> base = defaultEntries(problems);
        List<RuleEntry> user = text == null ? List.of() : entries(name, text, problems);
        Map<String, RuleEntry> merged = new LinkedHashMap<>();
        base.forEach(entry -> merged.put(entry.id(), entry));
        Map<String, Origin> overrides = new LinkedHashMap<>();
        List<RuleEntry> added = new ArrayList<>();
        for (RuleEntry entry : user) {
            RuleEntry builtIn = merged.get(entry.id());
            if (builtIn != null) {
                merged.put(entry.id(), builtIn.overlay(entry));
                overrides.put(entry.id(), entry.origin());
            } else {
                String near = Suggest.closest(entry.id(), merged.keySet());
                if (near != null && !complete(entry)) {
                    problems.add(entry.origin(), "'" + entry.id() + "' is not a built-in rule, so this entry is a new "
                            + "rule and needs every required key (did you mean '" + near + "'?)");
                }
                merged.put(entry.id(), entry);
                added.add(entry);
            }
        }
        List<RuleSpec> specs = specs(new ArrayList<>(merged.values()), problems);
        if (!problems.isEmpty()) {
            throw new RulesException(problems.sorted());
        }
        return new RuleSet(specs, overrides);
    }

    private static List<RuleEntry> entries(String file, String text, Problems problems) {
        int before = problems.size();
        org.yaml.snakeyaml.nodes.Node root = RulesYaml.compose(file, text, problems);
        return problems.size() > before ? List.of() : RulesDocument.entries(file, root, problems);
    }

    private static boolean complete(RuleEntry entry) {
        return entry.keys().keySet().containsAll(List.of("title", "event", "group_by", "aggregate", "severity",
                "suppression", "summary"));
    }

    private static List<RuleSpec> specs(List<RuleEntry> entries, Problems problems) {
        SpecReader reader = new SpecReader(problems);
        List<RuleSpec> specs = new ArrayList<>();
        for (RuleEntry entry : entries) {
            RuleSpec spec = reader.read(entry);
            if (spec != null) {
                specs.add(spec);
            }
        }
        return specs;
    }

    private synchronized List<RuleEntry> defaultEntries(Problems problems) {
        if (defaultEntries == null) {
            Problems own = new Problems();
            List<RuleEntry> entries = entries(defaultsFile, defaultsText, own);
            if (!own.isEmpty()) {
                // A broken built-in catalogue is a build bug; report it like any file rather than hide it.
                own.sorted().forEach(e -> problems.add(e.origin(), e.message()));
                return entries;
            }
            defaultEntries = entries;
        }
        return defaultEntries;
    }

    private static String builtInText() {
        try (InputStream in = RulesLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
            }
            Problems problems = new Problems();
            String text = RulesYaml.read(in, DEFAULT_FILE, problems);
            if (text == null) {
                throw new RulesException(problems.sorted());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }
}
