package dev.berth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The root command and docker's global options. */
@Command(name = "berth", description = "A self-sufficient runtime for containers",
        mixinStandardHelpOptions = false, usageHelpAutoWidth = true)
public final class BerthCommand implements Callable<Integer> {
    public static final String VERSION = "0.1.0";
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Option(names = {"-l", "--log-level"}, description = "Set the logging level (debug, info, warn, error, fatal)")
    String logLevel = "info";

    @Option(names = {"-D", "--debug"}, description = "Enable debug mode")
    boolean debug;

    @Option(names = {"-v", "--version"}, description = "Print version information and quit")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage")
    boolean help;

    @Option(names = "--config", description = "Location of client config files (ignored)")
    String config;

    @Option(names = {"-c", "--context"}, description = "Name of the context to use (only \"default\")")
    String context;

    BerthCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = {"-H", "--host"}, description = "Daemon socket to connect to")
    void host(String host) {
        ctx.host(host);
    }

    CliContext ctx() {
        return ctx;
    }

    @Override
    public Integer call() {
        if (version) {
            ctx.out().println("Berth version " + VERSION + ", build dev");
            return 0;
        }
        spec.commandLine().usage(ctx.out());
        return 0;
    }
}
