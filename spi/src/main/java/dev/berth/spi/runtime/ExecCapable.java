package dev.berth.spi.runtime;

/**
 * The optional exec feature of a {@link RuntimeDriver}: a driver that can run more processes in a
 * running container implements this as well. Thread-safe; {@link #exec} blocks until the process runs
 * (or failed to).
 */
public interface ExecCapable {

    /**
     * Starts {@code spec} in its container.
     *
     * @throws dev.berth.spi.EngineException CONFLICT if the container is not running ({@code container <id>
     *     is not running}) or paused ({@code Container <id> is paused, unpause the container before exec}); INVALID_ARGUMENT
     *     for an unknown user; a {@link StartFailedException} when the command could not be run, with
     *     Docker's kinds (COMMAND_NOT_FOUND: exit 127, NOT_EXECUTABLE: 126, OTHER: 126 for an exec)
     */
    ExecSession exec(ExecSpec spec);
}
