package dev.berth.cli;

import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command and docker's global options. */
@Command(name = "berth", description = "A self-sufficient runtime for containers",
        mixinStandardHelpOptions = false, usageHelpAutoWidth = true)
public final class BerthCommand implements Callable<Integer> {
    public static final String VERSION = "0.1.0";
    private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "warn", "error", "fatal");
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Option(names = {"-D", "--debug"}, description = "Enable debug mode (berth writes no log lines at any level)")
    boolean debug;

    @Option(names = {"-v", "--version"}, description = "Print version information and quit")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage")
    boolean help;

    /** Docker's client log level; the berth CLI writes no log lines, so any valid level is honoured as is. */
    @Option(names = {"-l", "--log-level"}, description = "Set the logging level (debug, info, warn, error, fatal)")
    void logLevel(String level) {
        if (!LOG_LEVELS.contains(level)) {
            throw new ParameterException(spec.commandLine(), "Unable to parse logging level: " + level);
        }
    }

    @Option(names = "--config", description = "Location of client config files (default \"~/.docker\")")
    void config(String dir) {
        ctx.configDir(dir);
    }

    /** berth has no contexts: only the default one, which -H and DOCKER_HOST describe. */
    @Option(names = {"-c", "--context"}, description = "Name of the context to use (only \"default\")")
    void context(String name) {
        if (!name.isEmpty() && !name.equals("default")) {
            throw new ParameterException(spec.commandLine(), "context \"" + name + "\": contexts other than "
                    + "\"default\" are not supported by berth yet");
        }
    }

    /**
     * docker's TLS client flags: berth's transport speaks plain HTTP only, so each is refused by name
     * rather than sending in clear what the user meant to protect.
     */
    @Option(names = {"--tls", "--tlsverify"}, arity = "0..1", fallbackValue = "true",
            description = "Use TLS (not supported by berth yet; use the docker CLI for a TLS daemon)")
    void tls(String value) {
        if (!"false".equals(value)) {
            throw new ParameterException(spec.commandLine(), "--tls/--tlsverify is not supported by berth yet");
        }
    }

    @Option(names = {"--tlscacert", "--tlscert", "--tlskey"}, description = "TLS files (not supported by berth yet)")
    void tlsFile(String path) {
        throw new ParameterException(spec.commandLine(),
                "--tlscacert/--tlscert/--tlskey are not supported by berth yet");
    }

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
