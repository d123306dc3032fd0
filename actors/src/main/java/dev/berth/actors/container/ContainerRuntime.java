package dev.berth.actors.container;

import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.HostConfig;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ExitListener;
import dev.berth.spi.runtime.RunResult;
import dev.berth.spi.runtime.RuntimeStatus;

/**
 * The side effects a container entity needs, all blocking: the entity calls them on the blocking
 * dispatcher and gets the outcome back as a message.
 */
public interface ContainerRuntime {

    /** Mounts the rootfs, builds the spec and starts the process. */
    RunResult start(ContainerInfo info);

    void kill(String id, int signal);

    /** After an exit: runtime state deleted, rootfs unmounted. Idempotent. */
    void cleanup(String id);

    /** After removal: everything under the container's directory goes. Idempotent. */
    void remove(String id);

    /**
     * After removal, also releasing the container's volumes; with {@code removeAnonymousVolumes}
     * ({@code rm -v}, {@code AutoRemove}) its anonymous volumes no other container uses go too.
     */
    default void remove(String id, boolean removeAnonymousVolumes) {
        remove(id);
    }

    RuntimeStatus restore(String id);

    /** Freezes the running container's processes. */
    default void pause(String id) {
        throw EngineException.unavailable("this runtime cannot pause containers", null);
    }

    /** Thaws them. */
    default void resume(String id) {
        throw EngineException.unavailable("this runtime cannot resume containers", null);
    }

    /** Whether the runtime has the container frozen now. */
    default boolean paused(String id) {
        return false;
    }

    /** Applies the limits of {@code hostConfig} to the running container. */
    default void update(String id, HostConfig hostConfig) {
        throw EngineException.unavailable("this runtime cannot update containers", null);
    }

    void setExitListener(ExitListener listener);
}
