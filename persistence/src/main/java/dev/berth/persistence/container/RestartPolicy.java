package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.berth.spi.EngineException;

/**
 * Docker's {@code HostConfig.RestartPolicy}: whether a run that ended is started again.
 *
 * @param maximumRetryCount only for {@code on-failure}: at most this many restarts in a row (0 = no limit)
 */
public record RestartPolicy(Name name, long maximumRetryCount) {
    public static final RestartPolicy NO = new RestartPolicy(Name.NO, 0);

    /** The policy's word, as Docker's API spells it. */
    public enum Name {
        NO("no"), ALWAYS("always"), UNLESS_STOPPED("unless-stopped"), ON_FAILURE("on-failure");

        private final String word;

        Name(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }
    }

    public RestartPolicy {
        if (name == null) {
            throw EngineException.invalid("restart policy name is required");
        }
        if (name != Name.ON_FAILURE && maximumRetryCount != 0) {
            throw EngineException.invalid("invalid restart policy: maximum retry count can only be used with 'on-failure'"
                    + (maximumRetryCount < 0 ? " and cannot be negative" : ""));
        }
        if (maximumRetryCount < 0) {
            throw EngineException.invalid("invalid restart policy: maximum retry count cannot be negative");
        }
    }

    /** From the API's {@code Name} and {@code MaximumRetryCount}; an empty or missing name is {@code no}, as in Docker. */
    public static RestartPolicy of(String name, long maximumRetryCount) {
        if (name == null || name.isEmpty()) {
            return new RestartPolicy(Name.NO, maximumRetryCount);
        }
        for (Name n : Name.values()) {
            if (n.word.equals(name)) {
                return new RestartPolicy(n, maximumRetryCount);
            }
        }
        throw EngineException.invalid("invalid restart policy: unknown policy '" + name
                + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
    }

    /**
     * dockerd's restart manager: whether a container that is not running is started (again).
     * {@code always} always; {@code unless-stopped} unless the user stopped or killed it; {@code on-failure}
     * after a non-zero exit while it has been restarted fewer times than the limit; {@code no} never. A
     * stop or kill during a run also cancels the restart of that run, which the caller checks: at daemon
     * start nothing is cancelled, so an {@code always} container stopped by hand starts again there.
     *
     * @param restartCount the container's restart count (reset by a start by the user)
     */
    public boolean restarts(int exitCode, boolean stoppedByUser, int restartCount) {
        return switch (name) {
            case ALWAYS -> true;
            case UNLESS_STOPPED -> !stoppedByUser;
            case ON_FAILURE -> exitCode != 0 && (maximumRetryCount == 0 || restartCount < maximumRetryCount);
            case NO -> false;
        };
    }
}
