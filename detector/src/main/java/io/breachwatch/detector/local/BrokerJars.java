package io.breachwatch.detector.local;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the directory holding the Apache Kafka broker's runtime jars, which the {@code deploy/local-broker} module
 * copies to {@code deploy/local-broker/target/lib}.
 *
 * <p>Precedence: the system property {@value #PROPERTY}, then the environment variable {@value #ENVIRONMENT}, then
 * a search upward from the working directory and from the location of the running jar or classes directory. An
 * explicitly configured directory that does not hold the broker is an error rather than a reason to keep searching,
 * so a typo is reported instead of silently running some other copy.
 */
final class BrokerJars {

    static final String PROPERTY = "breachwatch.kafka.lib";
    static final String ENVIRONMENT = "BREACHWATCH_KAFKA_LIB";
    static final String RELATIVE_LIB = "deploy/local-broker/target/lib";

    private BrokerJars() {
    }

    static Path locate() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        Path codeLocation = codeLocation();
        if (codeLocation != null) {
            starts.add(codeLocation);
        }
        return locate(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT), starts);
    }

    static Path locate(String property, String environment, List<Path> searchStarts) {
        if (property != null && !property.isBlank()) {
            return requireBroker(Path.of(property), "system property " + PROPERTY);
        }
        if (environment != null && !environment.isBlank()) {
            return requireBroker(Path.of(environment), "environment variable " + ENVIRONMENT);
        }
        for (Path start : searchStarts) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(RELATIVE_LIB);
                if (holdsBroker(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("The Kafka broker jars were not found: searched upward from "
                + searchStarts.stream().map(Path::toString).collect(Collectors.joining(" and "))
                + " for " + RELATIVE_LIB + ". Build them with `./mvnw -q -DskipTests package` in the breachwatch"
                + " checkout, or set -D" + PROPERTY + " (or " + ENVIRONMENT + ") to a directory holding"
                + " kafka_2.13-*.jar and its dependencies.");
    }

    private static Path requireBroker(Path dir, String source) {
        if (!holdsBroker(dir)) {
            throw new IllegalStateException("The " + source + " points at " + dir.toAbsolutePath()
                    + ", which holds no kafka_*.jar. Build the broker jars with `./mvnw -q -DskipTests package`"
                    + " (they land in " + RELATIVE_LIB + ") or fix the setting.");
        }
        return dir.toAbsolutePath().normalize();
    }

    static boolean holdsBroker(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "kafka_*.jar")) {
            return jars.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** The running jar or classes directory, or null when the class loader does not say (for example jlink). */
    private static Path codeLocation() {
        try {
            CodeSource source = BrokerJars.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return null;
            }
            return Path.of(location.toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
