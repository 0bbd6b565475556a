package io.breachwatch.detector.core;

import java.util.List;

/** The built-in rules with their settings. (Rules move to a data file with the detection-catalogue work.) */
public record Catalogue(BruteForceBySource.Settings bruteForce, PasswordSpray.Settings passwordSpray,
                        SuccessAfterFailures.Settings successAfterFailures) {

    public static final Catalogue DEFAULT = new Catalogue(BruteForceBySource.Settings.DEFAULT,
            PasswordSpray.Settings.DEFAULT, SuccessAfterFailures.Settings.DEFAULT);

    public List<SourceIpRule> sourceIpRules() {
        return List.of(new BruteForceBySource(bruteForce), new PasswordSpray(passwordSpray),
                new SuccessAfterFailures(successAfterFailures));
    }
}
