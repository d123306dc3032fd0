package dev.berth.spi.network;

import java.nio.file.Path;
import java.util.Set;

/**
 * Persistent network namespaces, one per container, owned by the engine: created before the first
 * {@link NetworkDriver#join}, given to the runtime ({@code NetworkMode.NAMESPACE}), deleted after the
 * last {@link NetworkDriver#leave} and after the runtime has deleted the container. A namespace
 * outlives the daemon process (it is a bind mount), so after a restart the engine finds it again by
 * container id.
 *
 * <p>Thread-safe; every method blocks briefly. Ids are container ids.
 */
public interface Sandboxes {

    /** The default implementation: namespaces bind-mounted at {@code <dir>/<containerId>}, made with util-linux {@code unshare}. */
    static Sandboxes bindMounted(Path dir) {
        return new BindMountedSandboxes(dir);
    }

    /** Creates the namespace (only loopback, down) and returns its path. Idempotent: returns the existing one. */
    Path create(String containerId);

    /** Removes the namespace (and with it every interface still inside). Idempotent. */
    void delete(String containerId);

    /** Whether a live namespace is mounted for this id. */
    boolean exists(String containerId);

    /** Where this id's namespace is (or would be) mounted. */
    Path path(String containerId);

    /** The ids that have a namespace (or its file) now: start-up reconciliation removes those of containers that do not run. */
    default Set<String> ids() {
        return Set.of();
    }
}
