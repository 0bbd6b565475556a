package io.breachwatch.schema.parse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A shared dataset (see {@link Datasets}) that a test class reads once, in {@code @BeforeAll}, and without which
 * each of its tests is skipped. Registered on a static field:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RequiredDataset DATASET = RequiredDataset.file("loghub-openssh/OpenSSH_2k.log");
 * </pre>
 *
 * The {@code @BeforeAll} method reads {@link #path()} and does nothing when it is empty. The assumption is made
 * before each test rather than in {@code @BeforeAll}, so that every test is reported as skipped with the reason
 * (where the data was looked for); a failed assumption in {@code @BeforeAll} reports the class alone.
 */
public final class RequiredDataset implements BeforeEachCallback {
    private final String relative;
    private final Predicate<Path> present;

    private RequiredDataset(String relative, Predicate<Path> present) {
        this.relative = relative;
        this.present = present;
    }

    /** @param relative a file inside the datasets directory, e.g. {@code loghub-openssh/OpenSSH_2k.log} */
    public static RequiredDataset file(String relative) {
        return new RequiredDataset(relative, Files::isRegularFile);
    }

    /** @param relative a directory inside the datasets directory, e.g. {@code invictus-stratus-cloudtrail/CloudTrail} */
    public static RequiredDataset directory(String relative) {
        return new RequiredDataset(relative, Files::isDirectory);
    }

    /** Where the dataset is on this machine; empty when it is not there. */
    public Optional<Path> path() {
        return Datasets.directory().map(dir -> dir.resolve(relative)).filter(present);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(path().isPresent(), () -> Datasets.missing(relative));
    }
}
