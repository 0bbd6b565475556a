package io.breachwatch.detector.replay;

import java.util.List;

/**
 * The JVM options {@code bin/breachwatch} adds for {@code replay} (unless {@code BREACHWATCH_JAVA_OPTS} names a
 * collector), so that the benchmark measures replay as users run it. Replay is a batch job: Parallel GC spends less
 * of the two cores on collection than G1 does, which the cold 2-million-event replay showed as 296k against 334k
 * events/s. Live detection keeps G1, whose short pauses matter for alert latency and group session timeouts.
 */
public final class ReplayJvm {
    public static final List<String> OPTIONS = List.of("-XX:+UseParallelGC");

    private ReplayJvm() {
    }

    /** {@code javaOptions} with {@link #OPTIONS} in front, unless they choose a garbage collector themselves. */
    public static List<String> withReplayDefaults(List<String> javaOptions) {
        boolean collectorChosen = javaOptions.stream().anyMatch(o -> o.matches("-XX:\\+Use\\w*GC"));
        if (collectorChosen) {
            return List.copyOf(javaOptions);
        }
        return java.util.stream.Stream.concat(OPTIONS.stream(), javaOptions.stream()).toList();
    }
}
