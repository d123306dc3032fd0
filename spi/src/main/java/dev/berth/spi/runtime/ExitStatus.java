package dev.berth.spi.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * How a run ended.
 *
 * @param exitCode  the process's exit code; 128+n when killed by signal n (137 after SIGKILL)
 * @param oomKilled whether the kernel's OOM killer ended it
 * @param finishedAt when it ended
 */
public record ExitStatus(int exitCode, boolean oomKilled, Instant finishedAt) {
    public ExitStatus {
        Objects.requireNonNull(finishedAt, "finishedAt");
    }
}
