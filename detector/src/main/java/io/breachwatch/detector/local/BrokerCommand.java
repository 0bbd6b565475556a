package io.breachwatch.detector.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Command lines of the child JVMs behind a local broker: the one-shot storage formatter and the broker itself.
 *
 * <p>Both run on the same {@code java} binary as the current JVM. The broker runs {@link BrokerMain}, which the
 * {@link #install} step copies as a lone class file into a launcher directory put in front of the broker jars, so
 * the child's class path holds the Kafka distribution and nothing of the detector.
 */
record BrokerCommand(Path javaBinary, Path libDir, Path launcherDir, String maxHeap) {

    private static final String BROKER_MAIN_FILE = BrokerMain.class.getSimpleName() + ".class";

    /** Copies BrokerMain.class under {@code launcherDir} and returns the commands that use it. */
    static BrokerCommand install(Path libDir, Path launcherDir, String maxHeap) {
        Path packageDir = launcherDir.resolve(BrokerMain.class.getPackageName().replace('.', File.separatorChar));
        try (InputStream classBytes = BrokerMain.class.getResourceAsStream(BROKER_MAIN_FILE)) {
            if (classBytes == null) {
                throw new IllegalStateException(BROKER_MAIN_FILE + " is not readable from the class path");
            }
            Files.createDirectories(packageDir);
            Files.copy(classBytes, packageDir.resolve(BROKER_MAIN_FILE), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install the broker launcher in " + launcherDir, e);
        }
        return new BrokerCommand(currentJava(), libDir, launcherDir, maxHeap);
    }

    /** {@code kafka.tools.StorageTool format}: a short-lived JVM, so C1 only and the serial collector (~0.5 s less). */
    List<String> format(Path serverProperties, Path log4jConfig, String clusterId) {
        return List.of(javaBinary.toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + log4jConfig.toAbsolutePath(),
                "-cp", libDir + File.separator + "*",
                "kafka.tools.StorageTool", "format",
                "-t", clusterId,
                "-c", serverProperties.toAbsolutePath().toString());
    }

    List<String> broker(Path serverProperties, Path log4jConfig) {
        return List.of(javaBinary.toString(),
                "-Xmx" + maxHeap,
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4jConfig.toAbsolutePath(),
                "-cp", launcherDir.toAbsolutePath() + File.pathSeparator + libDir + File.separator + "*",
                BrokerMain.class.getName(),
                serverProperties.toAbsolutePath().toString());
    }

    /**
     * java.home's launcher rather than ProcessHandle's command: under a jpackage or other native launcher the
     * command is that launcher, which would not accept {@code -cp}.
     */
    private static Path currentJava() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Path java = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        if (Files.isExecutable(java)) {
            return java;
        }
        return ProcessHandle.current().info().command().map(Path::of)
                .orElseThrow(() -> new IllegalStateException("Cannot find the java binary of the running JVM"
                        + " (looked for " + java + ")"));
    }
}
