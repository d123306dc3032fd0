package dev.berth.cli.cmd;

import dev.berth.cli.CliContextHolder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stop} and {@code restart}'s wait: {@code -t, --timeout}, and the docker CLI's deprecated
 * {@code --time}, a hidden flag of its own (its errors name {@code "--time"}). Each {@code --time}
 * read prints docker's deprecation notice on stdout; giving both is refused before any request.
 */
final class StopTimeout {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-t", "--timeout"}, description = "Seconds to wait before killing the container")
    Long timeout;  // a Go int: 64 bits

    Long time;

    @Option(names = "--time", hidden = true, description = "Seconds to wait before killing the container (deprecated: use --timeout)")
    void time(long seconds) {
        time = seconds;
        CliContextHolder.of(spec).out().println("Flag --time has been deprecated, use --timeout instead");
    }

    /** The seconds given, or null for the daemon's default. */
    Long seconds() {
        if (timeout != null && time != null) {
            throw new UsageException("conflicting options: cannot specify both --timeout and --time");
        }
        return timeout != null ? timeout : time;
    }
}
