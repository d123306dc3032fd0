package dev.berth.actors.container;

import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.NamespaceOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --pid container:X} and {@code --ipc container:X} resolved when the container starts, as dockerd
 * does (create checks only the form): X must exist and run, and for IPC share its memory (shareable, host,
 * or itself joined to one that does). Errors carry dockerd's words and kinds.
 */
final class NamespaceJoins {
    private static final String CONTAINER = "container:";
    private static final Path HOST_SHM = Path.of("/dev/shm");
    /** Further than any sane chain of containers joining each other's IPC. */
    private static final int MAX_CHAIN = 16;

    private final ContainerView view;
    private final Path containersDir;

    NamespaceJoins(ContainerView view, Path containersDir) {
        this.view = view;
        this.containersDir = containersDir;
    }

    NamespaceOptions resolve(HostConfig h) {
        Path pid = null;
        if (h.pidMode().startsWith(CONTAINER)) {
            String ref = h.pidMode().substring(CONTAINER.length());
            pid = namespace(running(ref, "failed to join PID namespace: "), "pid");
        }
        Path ipc = null;
        Path shm = null;
        if (h.ipcMode().startsWith(CONTAINER)) {
            String ref = h.ipcMode().substring(CONTAINER.length());
            ContainerState.Running donor = running(ref, "");
            shm = sharedMemory(donor, ref);
            ipc = namespace(donor, "ipc");
        }
        return new NamespaceOptions(h.groupAdd(), pid, ipc, shm, h.ipcMode().equals("shareable"));
    }

    private ContainerState.Running running(String ref, String context) {
        ContainerState s;
        try {
            s = view.resolve(ref);
        } catch (EngineException e) {
            // found or not, the mistake is in this container's config: dockerd's 400
            throw EngineException.invalid(context + e.getMessage());
        }
        if (s instanceof ContainerState.Running r) {
            return r;
        }
        throw EngineException.conflict(context + "container " + ref + " is not running");
    }

    private static Path namespace(ContainerState.Running r, String type) {
        return Path.of("/proc", Integer.toString(r.pid()), "ns", type);
    }

    /** The host directory that is the donor's /dev/shm: its own shared tmpfs, the host's, or its own donor's. */
    private Path sharedMemory(ContainerState donor, String ref) {
        ContainerState s = donor;
        for (int i = 0; i < MAX_CHAIN; i++) {
            String mode = s.info().hostConfig().ipcMode();
            if (mode.equals("shareable")) {
                return NamespaceOptions.sharedShmDir(containersDir.resolve(s.info().id()));
            }
            if (mode.equals("host")) {
                return HOST_SHM;
            }
            if (!mode.startsWith(CONTAINER)) {
                break;
            }
            Optional<ContainerState> next = find(mode.substring(CONTAINER.length()));
            if (next.isEmpty()) {
                break;
            }
            s = next.get();
        }
        throw EngineException.invalid("container " + ref
                + ": non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
    }

    private Optional<ContainerState> find(String ref) {
        try {
            return Optional.of(view.resolve(ref));
        } catch (EngineException e) {
            return Optional.empty();
        }
    }
}
