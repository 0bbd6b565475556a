package io.breachwatch.detector.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code breachwatch} command: {@code run} for production, {@code demo} for a self-contained tour,
 * {@code replay} for forensics on raw logs, {@code rules} and {@code simulate} for tuning and testing.
 */
@Command(name = "breachwatch", mixinStandardHelpOptions = true, version = "breachwatch 0.1.0",
        description = "Streaming breach detection on Kafka Streams.",
        subcommands = {RunCommand.class, DemoCommand.class, ReplayCommand.class, RulesCommand.class,
                SimulateCommand.class, CommandLine.HelpCommand.class})
public final class BreachwatchCli {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, for {@link #execute} and for tests that capture its output. */
    public static CommandLine commandLine() {
        return new CommandLine(new BreachwatchCli())
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    commandLine.getErr().println("breachwatch: "
                            + io.breachwatch.detector.core.DisplayText.safe(exception.getMessage(), 2000));
                    return 2;
                });
    }
}
