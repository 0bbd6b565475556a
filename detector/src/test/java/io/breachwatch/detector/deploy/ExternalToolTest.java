package io.breachwatch.detector.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** A missing tool skips its tests on a developer machine and fails them in CI; a present one runs. */
class ExternalToolTest {
    @TempDir
    Path bin;

    @Test
    void aMissingToolSkipsWithAMessageOutsideCi() {
        assertThatThrownBy(() -> ExternalTool.require("promtool", "prometheus", Map.of("PATH", bin.toString())))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("promtool is not installed (Debian package prometheus)")
                .hasMessageContaining("skipped here; CI installs it");
    }

    @Test
    void aMissingToolFailsInCi() {
        assertThatThrownBy(() -> ExternalTool.require("promtool", "prometheus",
                Map.of("PATH", bin.toString(), "CI", "true")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but CI must run this test: .ci/run installs it");
    }

    @Test
    void aToolOnThePathRunsAndReportsItsExitCodeAndOutput() throws Exception {
        Path tool = bin.resolve("fake-tool");
        Files.writeString(tool, "#!/bin/sh\necho \"args: $*\"\nexit 3\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        ExternalTool found = ExternalTool.require("fake-tool", "none",
                Map.of("PATH", "/nonexistent:" + bin, "CI", "true"));
        ExternalTool.Result result = found.run(bin, Duration.ofSeconds(10), "check", "rules");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).isEqualTo("args: check rules\n");
    }
}
