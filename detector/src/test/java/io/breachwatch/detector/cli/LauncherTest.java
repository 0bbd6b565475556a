package io.breachwatch.detector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.breachwatch.detector.replay.ReplayJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/breachwatch} chooses the JVM's collector by command: Parallel GC for offline replay (a batch job), the
 * JVM's default G1 for everything live, and whatever the user names in {@code BREACHWATCH_JAVA_OPTS} over both.
 * The launcher runs from a copy of the checkout whose jar is present, with a {@code java} on the PATH that prints
 * the arguments it was given instead of starting a JVM.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "breachwatch");

    @TempDir
    Path root;
    private Path fakeJavaDir;

    @BeforeEach
    void copyOfTheCheckoutWithItsJarBuilt() throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(LAUNCHER, bin.resolve("breachwatch"));
        // The jar and broker classpath exist, and no source is newer: the launcher does not build
        Files.createDirectories(root.resolve("deploy/local-broker/target/lib"));
        Files.createDirectories(root.resolve("detector/target"));
        Files.writeString(root.resolve("detector/target/breachwatch.jar"), "");
        fakeJavaDir = Files.createDirectories(root.resolve("fake-jdk"));
        Path java = fakeJavaDir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void replayRunsWithTheReplayCollector() throws Exception {
        List<String> javaArguments = launch(Map.of(), "replay", "logs/auth.log");

        assertThat(javaArguments).startsWith(ReplayJvm.OPTIONS.toArray(String[]::new));
        assertThat(javaArguments).endsWith("-jar", root.resolve("detector/target/breachwatch.jar").toString(),
                "replay", "logs/auth.log");
    }

    @Test
    void liveCommandsKeepTheDefaultCollector() throws Exception {
        for (String command : List.of("run", "demo", "page", "simulate")) {
            assertThat(launch(Map.of(), command)).as(command).noneMatch(a -> a.matches("-XX:\\+Use\\w*GC"))
                    .endsWith(command);
        }
    }

    @Test
    void aCollectorChosenByTheUserWins() throws Exception {
        List<String> javaArguments = launch(Map.of("BREACHWATCH_JAVA_OPTS", "-Xmx2g -XX:+UseG1GC"), "replay", "x");

        assertThat(javaArguments).filteredOn(a -> a.matches("-XX:\\+Use\\w*GC")).containsExactly("-XX:+UseG1GC");
        assertThat(javaArguments).contains("-Xmx2g");
    }

    @Test
    void otherUserOptionsComeWithTheReplayCollector() throws Exception {
        List<String> javaArguments = launch(Map.of("BREACHWATCH_JAVA_OPTS", "-Xmx2g"), "replay", "x");

        assertThat(javaArguments).containsSubsequence("-XX:+UseParallelGC", "-Xmx2g", "-jar");
        assertThat(ReplayJvm.withReplayDefaults(List.of("-Xmx2g"))).containsExactly("-XX:+UseParallelGC", "-Xmx2g");
        assertThat(ReplayJvm.withReplayDefaults(List.of("-XX:+UseZGC"))).containsExactly("-XX:+UseZGC");
    }

    private List<String> launch(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("bin/breachwatch").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("BREACHWATCH_JAVA_OPTS");
        builder.environment().putAll(environment);
        builder.environment().put("PATH", fakeJavaDir + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
