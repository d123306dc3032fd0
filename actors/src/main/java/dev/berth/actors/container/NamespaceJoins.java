package dev.berth.actors.container;

import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.runtime.NamespaceOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --pid}, {@code --ipc} and {@code --network container:X} resolved when the container starts, as
 * dockerd does (create checks only the form): X must exist and run, and for IPC share its memory
 * (shareable, host, or itself joined to one that does). Errors carry dockerd's words and kinds.
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

    /**
     * What a start joins.
     *
     * @param options      for the runtime
     * @param netNamespace the network namespace file of {@code --network container:X}, or null
     * @param netDonor     X itself, whose hostname the container takes, or null
     */
    record Resolved(NamespaceOptions options, Path netNamespace, ContainerInfo netDonor) {}

    /** {@code --network container:X}: the checks dockerd makes at create, with its words. */
    static void checkNetworkMode(ContainerConfig request, HostConfig h) {
        String mode = h.networkMode();
        if (!mode.equals("container") && !mode.startsWith(CONTAINER)) {
            return;
        }
        if (mode.length() <= CONTAINER.length()) {
            throw EngineException.invalid("Invalid network mode: invalid container format container:<name|id>");
        }
        if (!request.hostname().isEmpty()) {
            throw EngineException.invalid("conflicting options: hostname and the network mode");
        }
        if (!h.links().isEmpty()) {
            throw EngineException.invalid("conflicting options: container type network can't be used with links. "
                    + "This would result in undefined behavior");
        }
        if (!h.dns().isEmpty()) {
            throw EngineException.invalid("conflicting options: dns and the network mode");
        }
        if (!h.extraHosts().isEmpty()) {
            throw EngineException.invalid("conflicting options: custom host-to-IP mapping and the network mode");
        }
        if (!h.portBindings().isEmpty() || h.publishAllPorts()) {
            throw EngineException.invalid("conflicting options: port publishing and the container type network mode");
        }
        if (!request.exposedPorts().isEmpty()) {
            throw EngineException.invalid("conflicting options: port exposing and the container type network mode");
        }
    }

    Resolved resolve(String id, HostConfig h) {
        Path net = null;
        ContainerInfo netDonor = null;
        if (h.networkMode().startsWith(CONTAINER)) {
            ContainerState.Running donor = networkDonor(id, h.networkMode().substring(CONTAINER.length()));
            netDonor = donor.info();
            net = namespace(donor, "net");
        }
        NamespaceOptions base = resolve(h);
        return new Resolved(netDonor == null ? base : new NamespaceOptions(base.groupAdd(), base.pidNamespace(),
                base.ipcNamespace(), base.shm(), base.sharedShm(), containersDir.resolve(netDonor.id()), base.cgroupns(),
                base.cgroupParent(), base.noShm()),
                net, netDonor);
    }

    /** dockerd's {@code getNetworkedContainer}: a missing one is its 500, one not running its 409. */
    private ContainerState.Running networkDonor(String id, String ref) {
        ContainerState s;
        try {
            s = view.resolve(ref);
        } catch (EngineException e) {
            throw new EngineException(ErrorKind.INTERNAL, "joining network namespace of container: " + e.getMessage());
        }
        if (s.info().id().equals(id)) {
            throw new EngineException(ErrorKind.INTERNAL, "cannot join own network namespace");
        }
        if (s instanceof ContainerState.Running r) {
            return r;
        }
        throw EngineException.conflict("cannot join network namespace of a non running container: container "
                + s.info().name() + " is " + status(s));
    }

    /** dockerd's {@code State.Status} word of a container that is not running. */
    private static String status(ContainerState s) {
        return s instanceof ContainerState.Stopped ? "exited" : s instanceof ContainerState.Created ? "created"
                : s instanceof ContainerState.Starting ? "created" : "dead";
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
        return new NamespaceOptions(h.groupAdd(), pid, ipc, shm, h.ipcMode().equals("shareable"), null,
                h.cgroupnsMode(), h.cgroupParent(), h.ipcMode().equals("none"));
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
