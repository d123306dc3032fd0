package dev.berth.cli;

import java.nio.file.Path;
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

    /** docker's TLS client flags: the TCP connection to the daemon is TLS ({@link CliContext#clientTls()}). */
    @Option(names = "--tls", arity = "0..1", fallbackValue = "true",
            description = "Use TLS; implied by --tlsverify")
    void tls(boolean value) {
        ctx.tls(value);
    }

    @Option(names = "--tlsverify", arity = "0..1", fallbackValue = "true",
            description = "Use TLS and verify the remote")
    void tlsVerify(boolean value) {
        ctx.tlsVerify(value);
    }

    @Option(names = "--tlscacert", description = "Trust certs signed only by this CA (default \"~/.docker/ca.pem\")")
    void tlsCaCert(String path) {
        ctx.tlsCaCert(Path.of(path));
    }

    @Option(names = "--tlscert", description = "Path to TLS certificate file (default \"~/.docker/cert.pem\")")
    void tlsCert(String path) {
        ctx.tlsCert(Path.of(path));
    }

    @Option(names = "--tlskey", description = "Path to TLS key file (default \"~/.docker/key.pem\")")
    void tlsKey(String path) {
        ctx.tlsKey(Path.of(path));
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
