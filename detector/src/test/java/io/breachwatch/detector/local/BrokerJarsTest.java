package io.breachwatch.detector.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the broker jars are looked for, in which order, and what a user is told when they are missing. */
class BrokerJarsTest {

    @TempDir
    Path checkout;

    @Test
    void searchesUpwardFromEachStartForTheLocalBrokerBuild() throws IOException {
        Path lib = brokerLib(checkout.resolve(BrokerJars.RELATIVE_LIB));
        Path deepInside = Files.createDirectories(checkout.resolve("detector/target/classes"));

        assertThat(BrokerJars.locate(null, null, List.of(Path.of("/"), deepInside))).isEqualTo(lib);
    }

    @Test
    void systemPropertyWinsOverEnvironmentAndSearch() throws IOException {
        Path fromProperty = brokerLib(checkout.resolve("property"));
        Path fromEnvironment = brokerLib(checkout.resolve("environment"));
        brokerLib(checkout.resolve(BrokerJars.RELATIVE_LIB));

        assertThat(BrokerJars.locate(fromProperty.toString(), fromEnvironment.toString(), List.of(checkout)))
                .isEqualTo(fromProperty);
        assertThat(BrokerJars.locate(" ", fromEnvironment.toString(), List.of(checkout)))
                .isEqualTo(fromEnvironment);
    }

    @Test
    void aConfiguredDirectoryWithoutTheBrokerIsAnErrorNotAReasonToSearchOn() throws IOException {
        brokerLib(checkout.resolve(BrokerJars.RELATIVE_LIB));
        Path empty = Files.createDirectories(checkout.resolve("empty"));

        assertThatThrownBy(() -> BrokerJars.locate(empty.toString(), null, List.of(checkout)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("system property " + BrokerJars.PROPERTY)
                .hasMessageContaining(empty.toString());
    }

    @Test
    void missingJarsTellTheUserHowToBuildThem() {
        assertThatThrownBy(() -> BrokerJars.locate(null, null, List.of(checkout)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("./mvnw -q -DskipTests package")
                .hasMessageContaining(BrokerJars.RELATIVE_LIB)
                .hasMessageContaining(checkout.toString());
    }

    private static Path brokerLib(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.createFile(dir.resolve("kafka_2.13-4.3.1.jar"));
        return dir;
    }
}
