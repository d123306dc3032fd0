package dev.berth.spi.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * The container's identity and namespace choices beyond its own fresh namespaces (the {@code docker run}
 * options {@code --group-add}, {@code --pid container:X}, {@code --ipc shareable|container:X}), already
 * checked and resolved by the engine.
 *
 * @param groupAdd     supplementary groups added to the process's (and each exec's): numbers as they are,
 *                     names looked up in the container's /etc/group at start
 * @param pidNamespace a PID namespace file to join ({@code /proc/<pid>/ns/pid} of another container), or null
 * @param ipcNamespace an IPC namespace file to join, or null
 * @param shm          a host directory bound at /dev/shm instead of a tmpfs of the container's own (the
 *                     shared memory of the container whose IPC namespace it joins), or null
 * @param sharedShm    the container's /dev/shm is a tmpfs the runtime mounts on the host, in the bundle
 *                     dir's {@code shm}, so that containers joining its IPC namespace can bind it too
 *                     ({@code --ipc shareable}); unmounted when the runtime deletes the container
 * @param etcFrom      the bundle dir of the container whose network namespace this one joins
 *                     ({@code --network container:X}): its hosts, resolv.conf and hostname files are bound
 *                     instead of files of this container's own; null for its own
 * @param cgroupns     {@code host}, {@code private}, or "" for the runtime's default (dockerd's: the host's on
 *                     cgroup v1, private on v2)
 * @param cgroupParent the cgroup the container's cgroup is made under ({@code --cgroup-parent}); "" the runtime's
 * @param noShm        no /dev/shm at all ({@code --ipc none}: a private IPC namespace without shared memory)
 */
public record NamespaceOptions(List<String> groupAdd, Path pidNamespace, Path ipcNamespace, Path shm,
                               boolean sharedShm, Path etcFrom, String cgroupns, String cgroupParent, boolean noShm) {
    /** Nothing beyond the defaults. */
    public static final NamespaceOptions NONE = new NamespaceOptions(List.of());

    public NamespaceOptions {
        groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
        cgroupns = cgroupns == null ? "" : cgroupns;
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
        if ((shm != null ? 1 : 0) + (sharedShm ? 1 : 0) + (noShm ? 1 : 0) > 1) {
            throw new IllegalArgumentException("a container shares its own /dev/shm, binds another's, or has none: one");
        }
    }

    /** With a /dev/shm (of its own, shared, or another's). */
    public NamespaceOptions(List<String> groupAdd, Path pidNamespace, Path ipcNamespace, Path shm, boolean sharedShm,
                            Path etcFrom, String cgroupns, String cgroupParent) {
        this(groupAdd, pidNamespace, ipcNamespace, shm, sharedShm, etcFrom, cgroupns, cgroupParent, false);
    }

    /** Only supplementary groups. */
    public NamespaceOptions(List<String> groupAdd) {
        this(groupAdd, null, null, null, false, null, "", "");
    }

    /** The bundle's directory a {@link #sharedShm()} tmpfs is mounted on. */
    public static Path sharedShmDir(Path bundleDir) {
        return bundleDir.resolve("shm");
    }
}
