package dev.berth.persistence.container;

import dev.berth.spi.EngineException;
import java.util.Set;

/**
 * One {@code --ulimit name=soft[:hard]} (Docker's {@code HostConfig.Ulimits} entry), checked as
 * go-units checks it when the CLI parses the flag, so an API body gets the same answer.
 *
 * @param name a resource of setrlimit(2) in Docker's spelling ({@code nofile}, {@code nproc}, …)
 * @param soft the soft limit; -1 unlimited
 * @param hard the hard limit; -1 unlimited
 */
public record Ulimit(String name, long soft, long hard) {
    /** go-units' names, each {@code RLIMIT_} + its upper case in the OCI spec. */
    public static final Set<String> NAMES = Set.of("as", "core", "cpu", "data", "fsize", "locks", "memlock",
            "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    public Ulimit {
        if (name == null || !NAMES.contains(name)) {
            throw EngineException.invalid("invalid ulimit type: " + name);
        }
        // -1 is unlimited, the largest value
        if (Long.compareUnsigned(soft, hard) > 0) {
            throw EngineException.invalid("ulimit soft limit must be less than or equal to hard limit: " + soft + " > "
                    + hard);
        }
    }
}
