package io.breachwatch.detector.local;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;

/**
 * Entry point of a broker child process: runs {@code kafka.Kafka} and halts it as soon as the parent JVM is gone.
 *
 * <p>The parent holds the write end of this process's standard input and never writes to it. When the parent exits
 * for any reason, including {@code kill -9}, the operating system closes that pipe, the watchdog thread reads
 * end-of-file and halts the broker, so no orphan keeps ports and disk. This class must stay JDK-only and must not
 * compile to more than one class file (no inner or anonymous classes; lambdas are fine): {@link LocalKafka} copies
 * exactly {@code BrokerMain.class} into a launcher directory that sits next to the broker jars on the child's
 * class path, because the detector's own jar is not on it.
 */
final class BrokerMain {

    /** Exit status of a broker halted because its parent went away; distinct from Kafka's own codes (0, 1). */
    static final int PARENT_GONE_EXIT_STATUS = 3;

    private BrokerMain() {
    }

    public static void main(String[] args) throws Throwable {
        Thread watchdog = new Thread(BrokerMain::haltWhenStdinCloses, "breachwatch-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            // Reflection keeps this class compilable without the broker jars on the detector's class path.
            Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void haltWhenStdinCloses() {
        byte[] discard = new byte[64];
        try (InputStream in = System.in) {
            while (in.read(discard) >= 0) {
                // The parent never writes; anything read is ignored. Only end-of-file matters.
            }
        } catch (IOException e) {
            // A broken pipe means the same thing as end-of-file: the parent is gone.
        }
        System.err.println("breachwatch: parent process gone (stdin closed), halting the broker");
        System.err.flush();
        // halt, not exit: a graceful Kafka shutdown can take seconds and nobody is waiting for it any more.
        Runtime.getRuntime().halt(PARENT_GONE_EXIT_STATUS);
    }
}
