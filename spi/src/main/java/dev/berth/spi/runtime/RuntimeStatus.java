package dev.berth.spi.runtime;

/** What the runtime says about one container id. */
public sealed interface RuntimeStatus {
    /** The process is alive. */
    record Running(int pid) implements RuntimeStatus {}

    /** The run ended; the runtime still remembers how. */
    record Exited(ExitStatus status) implements RuntimeStatus {}

    /** The runtime knows nothing of this id (never started, deleted, or lost with a reboot). */
    record Missing() implements RuntimeStatus {}
}
