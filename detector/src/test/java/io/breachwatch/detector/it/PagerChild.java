package io.breachwatch.detector.it;

import io.breachwatch.detector.cli.BreachwatchCli;
import java.io.IOException;

/**
 * {@code breachwatch page} in a child JVM of a test, so the test can kill it like a crash ({@code kill -9}). It halts
 * by itself when the test JVM goes away (its standard input, a pipe held by the test, closes), so nothing outlives a
 * test run.
 */
public final class PagerChild {
    private PagerChild() {
    }

    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent never writes; end of input means it is gone
                }
            } catch (IOException e) {
                // a broken pipe means the same
            }
            Runtime.getRuntime().halt(3);
        }, "pager-child-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(BreachwatchCli.execute(args));
    }
}
