package io.breachwatch.detector.it;

import io.breachwatch.detector.cli.BreachwatchCli;
import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of a detector child process in the reliability tests: the real {@code breachwatch} command line,
 * plus a watchdog that halts the process when the test JVM goes away. The test holds the write end of the child's
 * standard input and never writes to it; when the test JVM exits for any reason (a failed assertion, a timeout,
 * {@code kill -9} of the build), the pipe closes, the watchdog reads end-of-file and halts the child, so no detector
 * outlives its test (the same arrangement as the local broker's {@code BrokerMain}).
 */
final class ChildDetectorMain {
    /** Exit status of a child halted because its parent went away. */
    static final int PARENT_GONE_EXIT_STATUS = 3;

    private ChildDetectorMain() {
    }

    public static void main(String[] args) {
        Thread watchdog = new Thread(ChildDetectorMain::haltWhenStdinCloses, "breachwatch-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        BreachwatchCli.main(args);
    }

    private static void haltWhenStdinCloses() {
        byte[] discard = new byte[64];
        try (InputStream in = System.in) {
            while (in.read(discard) >= 0) {
                // The parent never writes; only end-of-file matters.
            }
        } catch (IOException e) {
            // A broken pipe means the same: the parent is gone.
        }
        System.err.println("breachwatch: parent process gone (stdin closed), halting the detector");
        System.err.flush();
        Runtime.getRuntime().halt(PARENT_GONE_EXIT_STATUS);
    }
}
