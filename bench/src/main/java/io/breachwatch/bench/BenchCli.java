package io.breachwatch.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar bench/target/breachwatch-bench.jar}: {@code replay} measures offline replay of a canonical JSON
 * lines file with the full default catalogue; {@code live} measures breachwatch through a local broker against a bare
 * Kafka Streams baseline (and, with {@code --soak}, memory under a large cast); {@code jmh} runs the JMH
 * micro-benchmarks of the hot paths (any JMH option after it, e.g. {@code jmh -f 1 -wi 3 -i 5 EventDecoding}).
 */
@Command(name = "breachwatch-bench", mixinStandardHelpOptions = true,
        description = "breachwatch benchmarks.",
        subcommands = {ReplayBenchmark.class, BenchCli.Jmh.class, io.breachwatch.bench.live.LiveBenchmark.class,
            io.breachwatch.bench.live.LiveChild.class, CommandLine.HelpCommand.class})
public final class BenchCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCli()).execute(args));
    }

    /** Hands every argument to JMH's own command line. */
    @Command(name = "jmh", description = "Run the JMH micro-benchmarks; all arguments go to JMH (-h for its help).")
    static final class Jmh implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Unmatched
        java.util.List<String> jmhArguments = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            org.openjdk.jmh.Main.main(jmhArguments.toArray(new String[0]));
            return 0;
        }
    }
}
