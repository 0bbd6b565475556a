package io.breachwatch.schema.parse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the shared real-world datasets that tests read in place (they are never copied into the repository). The
 * directory is the first existing one of: system property {@code breachwatch.datasets} (Surefire sets it to
 * {@code <repo>/../shared/data}), environment variable {@code BREACHWATCH_DATASETS}, and {@code ../shared/data}
 * next to the repository root. Tests use {@link #file} with an assumption, so they are skipped, not failed, on a
 * machine without the data.
 */
public final class Datasets {
    public static final String PROPERTY = "breachwatch.datasets";
    public static final String ENVIRONMENT = "BREACHWATCH_DATASETS";

    private Datasets() {
    }

    /** @param relative a path inside the datasets directory, e.g. {@code loghub-openssh/OpenSSH_2k.log} */
    public static Optional<Path> file(String relative) {
        return directory().map(dir -> dir.resolve(relative)).filter(Files::isRegularFile);
    }

    public static Optional<Path> directory() {
        return candidates().stream().filter(Files::isDirectory).findFirst();
    }

    /** The message for a skipped test: what was looked for, and where. */
    public static String missing(String relative) {
        return "dataset " + relative + " not found; looked in " + candidates() + " (set -D" + PROPERTY + " or "
                + ENVIRONMENT + " to the shared data directory)";
    }

    static List<Path> candidates() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property).toAbsolutePath().normalize());
        }
        String environment = System.getenv(ENVIRONMENT);
        if (environment != null && !environment.isBlank()) {
            candidates.add(Path.of(environment).toAbsolutePath().normalize());
        }
        repositoryRoot().ifPresent(root -> candidates.add(root.resolve("../shared/data").normalize()));
        return candidates.stream().distinct().toList();
    }

    // Tests run with the module as working directory; the root is the nearest ancestor holding the event-schema module.
    private static Optional<Path> repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("event-schema/pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
