package dev.berth.spi.runtime;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Runs containers. One instance per daemon; every method may block (process spawns, file I/O) and is
 * called from a blocking dispatcher, never an actor thread. All methods are thread-safe.
 *
 * <p>Lifecycle of one container id, worked through:
 * <pre>
 *   start(spec)        bundle written under spec.bundleDir(), process running, returns its pid
 *   kill(id, 15)       signal delivered; the process may or may not exit
 *   ... exit ...       the {@link ExitListener} hears (id, status) exactly once per run
 *   delete(id)         runtime state gone; the bundle dir and its log stay (they belong to the caller)
 *   start(spec)        a restart is a new run of the same id after delete
 * </pre>
 * Processes outlive the daemon: after a daemon restart, {@link #restore} adopts what is still
 * running (and the listener hears its exit later) or reports how it ended meanwhile.
 */
public interface RuntimeDriver extends AutoCloseable {

    /** The provider name, e.g. {@code runc}. */
    String name();

    /**
     * Writes the OCI bundle and starts the container's process. Returns when the process runs.
     *
     * <p>A start that fails after the id was found free throws {@link StartFailedException}, whose
     * {@link StartFailedException#failure() failure} says why, decided once by the driver where it
     * reads its runtime's error:
     * <pre>
     *   args[0] not on PATH / no such file        COMMAND_NOT_FOUND   INVALID_ARGUMENT   (Docker: exit 127)
     *   args[0] a directory or not executable     NOT_EXECUTABLE      INVALID_ARGUMENT   (Docker: exit 126)
     *   anything else (runtime, platform, host)   OTHER               any kind           (Docker: exit 128)
     * </pre>
     * The caller maps the failure, never the message, to the container's exit code. The message is
     * the runtime's, with Docker's wording where runc has it ({@code exec: "x": executable file not
     * found in $PATH}): the docker CLI reads it for its own exit code.
     *
     * @throws dev.berth.spi.EngineException CONFLICT if this id is running; otherwise a
     *     {@link StartFailedException} as above. Nothing is left behind in the runtime on failure.
     */
    RunResult start(ContainerSpec spec);

    /**
     * Sends a signal to the container's init process.
     *
     * @throws dev.berth.spi.EngineException CONFLICT if the container is not running
     */
    void kill(String id, int signal);

    /** Removes runtime state for a stopped container (kills it first if still running). Idempotent. */
    void delete(String id);

    /** What the runtime knows of this id now. Never throws for an unknown id: returns {@link RuntimeStatus.Missing}. */
    RuntimeStatus status(String id);

    /**
     * Adopts a container started by an earlier daemon process. Running: its exit will reach the
     * listener. Exited: returns {@link RuntimeStatus.Exited} and the listener is not called.
     */
    RuntimeStatus restore(String id);

    /** Sets the one listener for exits; called before any start or restore. */
    void setExitListener(ExitListener listener);

    /**
     * Opens the container's log (what its stdout and stderr wrote, across runs), positioned at the
     * first entry, or at the current end when {@code fromEnd}. An id with no log yet gives an empty
     * stream that sees entries written later.
     */
    LogStream openLog(String id, boolean fromEnd) throws IOException;

    /**
     * Connects to the stdin (and terminal) of the running container {@code id}. Each call is a new
     * session; several may be open at once.
     *
     * @throws dev.berth.spi.EngineException CONFLICT if the container is not running; UNAVAILABLE when the
     *     runtime cannot attach
     */
    default AttachSession attach(String id) {
        throw dev.berth.spi.EngineException.unavailable("the " + name() + " runtime cannot attach to stdin", null);
    }

    /**
     * Sets the terminal size of the running {@link ContainerSpec#tty()} container {@code id}; ignored
     * for a container without a terminal.
     *
     * @throws dev.berth.spi.EngineException CONFLICT if the container is not running
     */
    default void resize(String id, int height, int width) {
        throw dev.berth.spi.EngineException.unavailable("the " + name() + " runtime cannot resize terminals", null);
    }

    /**
     * Freezes every process of the running container {@code id} (the cgroup freezer). Idempotent for a
     * container already frozen.
     *
     * @throws dev.berth.spi.EngineException CONFLICT if the container is not running
     */
    default void pause(String id) {
        throw EngineException.unavailable("the " + name() + " runtime cannot pause containers", null);
    }

    /** Thaws what {@link #pause} froze. Idempotent for a container not frozen. */
    default void resume(String id) {
        throw EngineException.unavailable("the " + name() + " runtime cannot resume containers", null);
    }

    /** Whether the container {@code id} is frozen now (false when unknown or not running). */
    default boolean paused(String id) {
        return false;
    }

    /**
     * The host pids of every process of the running container {@code id}.
     *
     * @throws dev.berth.spi.EngineException CONFLICT if the container is not running
     */
    default List<Integer> processes(String id) {
        throw EngineException.unavailable("the " + name() + " runtime cannot list processes", null);
    }

    /**
     * One sample of the running container's resource use.
     *
     * @throws dev.berth.spi.EngineException CONFLICT if the container is not running
     */
    default ResourceUsage usage(String id) {
        throw EngineException.unavailable("the " + name() + " runtime cannot report resource usage", null);
    }

    /**
     * Applies new limits to the running container {@code id} (the whole set: a 0 limit means none). The
     * next {@link #start} takes its limits from its spec again.
     *
     * @throws dev.berth.spi.EngineException CONFLICT if the container is not running; INVALID_ARGUMENT when
     *     the kernel refuses a limit
     */
    default void update(String id, ContainerSpec.Resources resources) {
        throw EngineException.unavailable("the " + name() + " runtime cannot update resources", null);
    }

    /**
     * The mount options the runtime that runs container {@code id} understands (the {@code mountOptions}
     * of an OCI runtime's {@code features}), for options the engine uses only where supported, such as
     * {@code rro}. Empty when the runtime cannot say: then the engine uses none of those.
     */
    default Set<String> mountOptions(String id) {
        return Set.of();
    }

    /**
     * Every container id the runtime keeps host state for now (runtime state, monitor files, exit
     * files), running or not. At start-up the engine compares them with the journal and has
     * {@link #delete} clear the state of containers that are gone or not running.
     */
    default Set<String> heldIds() {
        return Set.of();
    }

    @Override
    void close();
}
