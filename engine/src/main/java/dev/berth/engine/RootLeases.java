package dev.berth.engine;

import dev.berth.actors.container.ContainerService;
import dev.berth.image.Digest;
import dev.berth.image.PinnedDir;
import dev.berth.image.Snapshotter;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps a container's overlay mounted while file operations use it. A container that runs has it
 * mounted already and keeps it; one that does not is mounted by the first lease and unmounted when
 * the last lease ends, unless the container started meanwhile (its start found the mount in place and
 * uses it: unmounting would take its root away from berthd's view).
 */
final class RootLeases {
    private final Snapshotter snapshotter;
    private final ContainerService containers;
    private final Map<String, Count> held = new HashMap<>();

    RootLeases(Snapshotter snapshotter, ContainerService containers) {
        this.snapshotter = snapshotter;
        this.containers = containers;
    }

    private static final class Count {
        int n;
        boolean mountedHere;
    }

    /**
     * One use of a container's root; close it when done. The root is held open ({@link PinnedDir}): a
     * container that exits during a copy has its root unmounted by its cleanup, lazily since it is busy,
     * and the copy goes on reading the same tree instead of the empty mount point.
     */
    final class Lease implements AutoCloseable {
        private final String id;
        private final PinnedDir root;
        private boolean closed;

        private Lease(String id, PinnedDir root) {
            this.id = id;
            this.root = root;
        }

        Path rootfs() {
            return root.path();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                root.close();
                release(id);
            }
        }
    }

    Lease acquire(ContainerInfo info) {
        String id = info.id();
        synchronized (this) {
            Count c = held.computeIfAbsent(id, k -> new Count());
            if (c.n == 0 && !snapshotter.isMounted(id)) {
                snapshotter.mount(id, info.layers().stream().map(Digest::parse).toList());
                c.mountedHere = true;
            }
            c.n++;
            try {
                return new Lease(id, PinnedDir.open(snapshotter.rootfs(id)));
            } catch (RuntimeException e) {
                release(id);
                throw e;
            }
        }
    }

    private synchronized void release(String id) {
        Count c = held.get(id);
        if (c == null || --c.n > 0) {
            return;
        }
        held.remove(id);
        if (c.mountedHere && !running(id)) {
            snapshotter.unmount(id);
        }
    }

    private boolean running(String id) {
        try {
            ContainerState s = containers.get(id);
            return s instanceof ContainerState.Running || s instanceof ContainerState.Starting;
        } catch (RuntimeException e) {
            return false; // removed meanwhile: its removal unmounts too, unmounting again is harmless
        }
    }
}
