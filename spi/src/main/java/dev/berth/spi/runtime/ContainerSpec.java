package dev.berth.spi.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a runtime needs to run one container, already resolved by the engine: the rootfs is
 * mounted, the image's defaults are merged with the user's config, names are turned into ids where
 * the engine can.
 *
 * @param id          the container id (64 hex)
 * @param bundleDir   a directory the driver owns for this container (config.json, hosts, resolv.conf, …)
 * @param rootfs      the mounted root filesystem
 * @param readonlyRootfs mount the rootfs read-only
 * @param args        the process argv (entrypoint + cmd), at least one element
 * @param env         KEY=value entries
 * @param workingDir  absolute path inside the container
 * @param user        {@code ""}, {@code uid}, {@code uid:gid}, {@code name} or {@code name:group}; names
 *                    resolve against the rootfs's /etc/passwd and /etc/group
 * @param hostname    the UTS hostname
 * @param domainname  the UTS domain name, may be empty
 * @param network     how the container is attached to the network
 * @param mounts      extra mounts (binds, tmpfs), applied after the defaults
 * @param resources   cgroup limits
 * @param security    capabilities, privilege, seccomp choices
 * @param labels      the container's labels (become OCI annotations)
 * @param logPath     where stdout/stderr are logged
 * @param tty         give the process a pseudo-terminal as stdin/stdout/stderr (Docker's {@code Tty}); the
 *                    log then holds the raw terminal stream as stdout
 * @param openStdin   keep the process's stdin open for {@link RuntimeDriver#attach} (Docker's {@code OpenStdin});
 *                    without it stdin is empty
 * @param stdinOnce   the container's stdin closes when the first attached client closes its input
 *                    (Docker's {@code StdinOnce}); without it stdin stays open for later attaches
 * @param init        run the runtime's init (Docker's {@code docker-init}) as pid 1 with {@code args} under it;
 *                    null: the runtime's default (daemon.json {@code init})
 * @param shmSize     bytes of the /dev/shm tmpfs (a user mount on /dev/shm replaces it)
 * @param rlimits     the process's rlimits
 * @param sysctls     namespaced kernel parameters, already checked by the engine
 * @param oomScoreAdj the process's oom_score_adj
 * @param hostIpc     share the host's IPC namespace (and its /dev/shm, /dev/mqueue)
 * @param hostPid     share the host's PID namespace
 * @param hostUts     share the host's UTS namespace ({@code hostname} is then the host's)
 * @param namespaces  supplementary groups and namespaces joined ({@link NamespaceOptions#NONE}: none)
 * @param annotations OCI annotations the user gave ({@code HostConfig.Annotations}); on a key a label also has,
 *                    the annotation wins
 * @param consoleSize with {@code tty}, the terminal's size from the process's first instant
 *                    ({@code HostConfig.ConsoleSize}); {@link ConsoleSize#NONE}: the runtime's default
 */
public record ContainerSpec(
        String id,
        Path bundleDir,
        Path rootfs,
        boolean readonlyRootfs,
        List<String> args,
        List<String> env,
        String workingDir,
        String user,
        String hostname,
        String domainname,
        NetworkSetup network,
        List<Mount> mounts,
        Resources resources,
        Security security,
        Map<String, String> labels,
        Path logPath,
        boolean tty,
        boolean openStdin,
        boolean stdinOnce,
        Boolean init,
        long shmSize,
        List<Rlimit> rlimits,
        Map<String, String> sysctls,
        int oomScoreAdj,
        boolean hostIpc,
        boolean hostPid,
        boolean hostUts,
        NamespaceOptions namespaces,
        Map<String, String> annotations,
        ConsoleSize consoleSize) {

    /** Without a first terminal size. */
    public ContainerSpec(String id, Path bundleDir, Path rootfs, boolean readonlyRootfs, List<String> args,
            List<String> env, String workingDir, String user, String hostname, String domainname,
            NetworkSetup network, List<Mount> mounts, Resources resources, Security security,
            Map<String, String> labels, Path logPath, boolean tty, boolean openStdin, boolean stdinOnce,
            Boolean init, long shmSize, List<Rlimit> rlimits, Map<String, String> sysctls, int oomScoreAdj,
            boolean hostIpc, boolean hostPid, boolean hostUts, NamespaceOptions namespaces,
            Map<String, String> annotations) {
        this(id, bundleDir, rootfs, readonlyRootfs, args, env, workingDir, user, hostname, domainname, network, mounts,
                resources, security, labels, logPath, tty, openStdin, stdinOnce, init, shmSize, rlimits, sysctls,
                oomScoreAdj, hostIpc, hostPid, hostUts, namespaces, annotations, ConsoleSize.NONE);
    }

    /** Without annotations of the user's. */
    public ContainerSpec(String id, Path bundleDir, Path rootfs, boolean readonlyRootfs, List<String> args,
            List<String> env, String workingDir, String user, String hostname, String domainname,
            NetworkSetup network, List<Mount> mounts, Resources resources, Security security,
            Map<String, String> labels, Path logPath, boolean tty, boolean openStdin, boolean stdinOnce,
            Boolean init, long shmSize, List<Rlimit> rlimits, Map<String, String> sysctls, int oomScoreAdj,
            boolean hostIpc, boolean hostPid, boolean hostUts, NamespaceOptions namespaces) {
        this(id, bundleDir, rootfs, readonlyRootfs, args, env, workingDir, user, hostname, domainname, network, mounts,
                resources, security, labels, logPath, tty, openStdin, stdinOnce, init, shmSize, rlimits, sysctls,
                oomScoreAdj, hostIpc, hostPid, hostUts, namespaces, Map.of());
    }

    /** With no supplementary groups and no namespace joined. */
    public ContainerSpec(String id, Path bundleDir, Path rootfs, boolean readonlyRootfs, List<String> args,
            List<String> env, String workingDir, String user, String hostname, String domainname,
            NetworkSetup network, List<Mount> mounts, Resources resources, Security security,
            Map<String, String> labels, Path logPath, boolean tty, boolean openStdin, boolean stdinOnce,
            Boolean init, long shmSize, List<Rlimit> rlimits, Map<String, String> sysctls, int oomScoreAdj,
            boolean hostIpc, boolean hostPid, boolean hostUts) {
        this(id, bundleDir, rootfs, readonlyRootfs, args, env, workingDir, user, hostname, domainname, network, mounts,
                resources, security, labels, logPath, tty, openStdin, stdinOnce, init, shmSize, rlimits, sysctls,
                oomScoreAdj, hostIpc, hostPid, hostUts, NamespaceOptions.NONE);
    }

    /** With its own IPC, PID and UTS namespaces. */
    public ContainerSpec(String id, Path bundleDir, Path rootfs, boolean readonlyRootfs, List<String> args,
            List<String> env, String workingDir, String user, String hostname, String domainname,
            NetworkSetup network, List<Mount> mounts, Resources resources, Security security,
            Map<String, String> labels, Path logPath, boolean tty, boolean openStdin, boolean stdinOnce,
            Boolean init, long shmSize, List<Rlimit> rlimits, Map<String, String> sysctls, int oomScoreAdj) {
        this(id, bundleDir, rootfs, readonlyRootfs, args, env, workingDir, user, hostname, domainname, network, mounts,
                resources, security, labels, logPath, tty, openStdin, stdinOnce, init, shmSize, rlimits, sysctls,
                oomScoreAdj, false, false, false);
    }

    /** With oom_score_adj 0. */
    public ContainerSpec(String id, Path bundleDir, Path rootfs, boolean readonlyRootfs, List<String> args,
            List<String> env, String workingDir, String user, String hostname, String domainname,
            NetworkSetup network, List<Mount> mounts, Resources resources, Security security,
            Map<String, String> labels, Path logPath, boolean tty, boolean openStdin, boolean stdinOnce,
            Boolean init, long shmSize, List<Rlimit> rlimits, Map<String, String> sysctls) {
        this(id, bundleDir, rootfs, readonlyRootfs, args, env, workingDir, user, hostname, domainname, network, mounts,
                resources, security, labels, logPath, tty, openStdin, stdinOnce, init, shmSize, rlimits, sysctls, 0);
    }

    /** Docker's 64 MiB /dev/shm, no rlimits, no sysctls. */
    public ContainerSpec(String id, Path bundleDir, Path rootfs, boolean readonlyRootfs, List<String> args,
            List<String> env, String workingDir, String user, String hostname, String domainname,
            NetworkSetup network, List<Mount> mounts, Resources resources, Security security,
            Map<String, String> labels, Path logPath, boolean tty, boolean openStdin, boolean stdinOnce,
            Boolean init) {
        this(id, bundleDir, rootfs, readonlyRootfs, args, env, workingDir, user, hostname, domainname, network, mounts,
                resources, security, labels, logPath, tty, openStdin, stdinOnce, init, DEFAULT_SHM_SIZE, List.of(),
                Map.of());
    }

    /** With the runtime's default init choice. */
    public ContainerSpec(String id, Path bundleDir, Path rootfs, boolean readonlyRootfs, List<String> args,
            List<String> env, String workingDir, String user, String hostname, String domainname,
            NetworkSetup network, List<Mount> mounts, Resources resources, Security security,
            Map<String, String> labels, Path logPath, boolean tty, boolean openStdin, boolean stdinOnce) {
        this(id, bundleDir, rootfs, readonlyRootfs, args, env, workingDir, user, hostname, domainname, network, mounts,
                resources, security, labels, logPath, tty, openStdin, stdinOnce, null);
    }

    /** Without a terminal and with stdin closed (the shape before stdin and TTY existed). */
    public ContainerSpec(String id, Path bundleDir, Path rootfs, boolean readonlyRootfs, List<String> args,
            List<String> env, String workingDir, String user, String hostname, String domainname,
            NetworkSetup network, List<Mount> mounts, Resources resources, Security security,
            Map<String, String> labels, Path logPath) {
        this(id, bundleDir, rootfs, readonlyRootfs, args, env, workingDir, user, hostname, domainname, network, mounts,
                resources, security, labels, logPath, false, false, false, null);
    }

    public ContainerSpec {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        consoleSize = consoleSize == null ? ConsoleSize.NONE : consoleSize;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bundleDir, "bundleDir");
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(logPath, "logPath");
        args = List.copyOf(args);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("no command specified");
        }
        env = List.copyOf(env);
        workingDir = workingDir == null || workingDir.isEmpty() ? "/" : workingDir;
        user = user == null ? "" : user;
        hostname = hostname == null ? "" : hostname;
        domainname = domainname == null ? "" : domainname;
        network = network == null ? NetworkSetup.none() : network;
        mounts = List.copyOf(mounts);
        resources = resources == null ? Resources.NONE : resources;
        security = security == null ? Security.DEFAULT : security;
        labels = Map.copyOf(labels);
        shmSize = shmSize <= 0 ? DEFAULT_SHM_SIZE : shmSize;
        rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
        sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
        namespaces = namespaces == null ? NamespaceOptions.NONE : namespaces;
    }

    /** Docker's /dev/shm size. */
    public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

    /**
     * A terminal's size (OCI's {@code process.consoleSize}).
     *
     * @param height rows, 0..65535
     * @param width  columns, 0..65535
     */
    public record ConsoleSize(int height, int width) {
        /** No size given: the runtime's. */
        public static final ConsoleSize NONE = new ConsoleSize(0, 0);

        public ConsoleSize {
            if (height < 0 || height > 0xFFFF || width < 0 || width > 0xFFFF) {
                throw new IllegalArgumentException("not a terminal size: " + height + "x" + width);
            }
        }

        /** Both sides given. */
        public boolean given() {
            return height > 0 && width > 0;
        }
    }

    /**
     * One rlimit (Docker's {@code --ulimit}).
     *
     * @param name setrlimit(2)'s resource in Docker's spelling ({@code nofile}); OCI's type is {@code RLIMIT_NOFILE}
     * @param soft -1 unlimited
     * @param hard -1 unlimited
     */
    public record Rlimit(String name, long soft, long hard) {
        public Rlimit {
            Objects.requireNonNull(name, "name");
        }
    }

    /** How the container sees the network. */
    public enum NetworkMode {
        /** A new network namespace with only loopback. */
        NONE,
        /** The host's network namespace. */
        HOST,
        /** An existing namespace at {@link NetworkSetup#netnsPath()}, wired by a network driver. */
        NAMESPACE
    }

    /**
     * @param mode        the namespace choice
     * @param netnsPath   for {@link NetworkMode#NAMESPACE}: a bind-mounted netns file
     * @param dns         nameservers for resolv.conf; empty = the host's (minus loopback ones)
     * @param dnsSearch   search domains
     * @param dnsOptions  resolv.conf options
     * @param extraHosts  {@code host:ip} entries added to /etc/hosts
     * @param ipAddresses this container's addresses, written to /etc/hosts beside its hostname
     */
    public record NetworkSetup(
            NetworkMode mode,
            Path netnsPath,
            List<String> dns,
            List<String> dnsSearch,
            List<String> dnsOptions,
            List<String> extraHosts,
            List<String> ipAddresses) {
        public NetworkSetup {
            Objects.requireNonNull(mode, "mode");
            if (mode == NetworkMode.NAMESPACE) {
                Objects.requireNonNull(netnsPath, "netnsPath");
            }
            dns = List.copyOf(dns);
            dnsSearch = List.copyOf(dnsSearch);
            dnsOptions = List.copyOf(dnsOptions);
            extraHosts = List.copyOf(extraHosts);
            ipAddresses = List.copyOf(ipAddresses);
        }

        public static NetworkSetup none() {
            return new NetworkSetup(NetworkMode.NONE, null, List.of(), List.of(), List.of(), List.of(), List.of());
        }

        public static NetworkSetup host() {
            return new NetworkSetup(NetworkMode.HOST, null, List.of(), List.of(), List.of(), List.of(), List.of());
        }
    }

    /**
     * @param type        {@code bind} or {@code tmpfs}
     * @param source      host path for binds; ignored for tmpfs
     * @param destination absolute path in the container
     * @param options     mount options, e.g. {@code ro}, {@code rbind}, {@code size=64m}
     */
    public record Mount(String type, String source, String destination, List<String> options) {
        public Mount {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(destination, "destination");
            options = List.copyOf(options);
        }
    }

    /**
     * cgroup limits; 0 means "no limit" for each.
     *
     * @param memory     bytes
     * @param memorySwap bytes of memory+swap; -1 unlimited swap
     * @param nanoCpus   CPU quota in 1e-9 CPUs
     * @param cpuShares  relative weight
     * @param pidsLimit  max processes; 0 or -1 unlimited
     */
    /** @param cpusetCpus CPUs allowed ({@code 0-2,4}), "" for all; {@code cpusetMems} the same for memory nodes */
    /**
     * @param cpuQuota          CFS quota in µs per period (Docker's {@code --cpu-quota}); 0 none, -1 unlimited
     * @param cpuPeriod         CFS period in µs; 0 the kernel's
     * @param memoryReservation soft limit in bytes; 0 none
     * @param oomKillDisable    the OOM killer spares the container's processes
     */
    /**
     * @param devices     host devices made in the container and allowed by the devices cgroup
     * @param deviceRules extra allow rules of the devices cgroup
     * @param blkio       block I/O weight and throttles
     * @param memorySwappiness the cgroup's {@code memory.swappiness} (0..100); null leaves the kernel's
     * @param realtimePeriod  the cgroup's {@code cpu.rt_period_us} (since 1.4); 0 leaves the kernel's
     * @param realtimeRuntime the cgroup's {@code cpu.rt_runtime_us} (since 1.4), the real-time budget per period; 0
     *                        leaves the kernel's (none: its tasks cannot be made real-time)
     */
    public record Resources(long memory, long memorySwap, long nanoCpus, long cpuShares, long pidsLimit,
                            String cpusetCpus, String cpusetMems, long cpuQuota, long cpuPeriod,
                            long memoryReservation, boolean oomKillDisable, List<Device> devices,
                            List<DeviceRule> deviceRules, Blkio blkio, Long memorySwappiness,
                            long realtimePeriod, long realtimeRuntime) {
        public static final Resources NONE = new Resources(0, 0, 0, 0, 0);

        /** Without a CPU real-time budget (the 1.3 form). */
        public Resources(long memory, long memorySwap, long nanoCpus, long cpuShares, long pidsLimit,
                         String cpusetCpus, String cpusetMems, long cpuQuota, long cpuPeriod,
                         long memoryReservation, boolean oomKillDisable, List<Device> devices,
                         List<DeviceRule> deviceRules, Blkio blkio, Long memorySwappiness) {
            this(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, cpusetCpus, cpusetMems, cpuQuota, cpuPeriod,
                    memoryReservation, oomKillDisable, devices, deviceRules, blkio, memorySwappiness, 0, 0);
        }

        public Resources {
            cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
            cpusetMems = cpusetMems == null ? "" : cpusetMems;
            devices = devices == null ? List.of() : List.copyOf(devices);
            deviceRules = deviceRules == null ? List.of() : List.copyOf(deviceRules);
            blkio = blkio == null ? Blkio.NONE : blkio;
        }

        /** With the kernel's swappiness. */
        public Resources(long memory, long memorySwap, long nanoCpus, long cpuShares, long pidsLimit,
                         String cpusetCpus, String cpusetMems, long cpuQuota, long cpuPeriod,
                         long memoryReservation, boolean oomKillDisable, List<Device> devices,
                         List<DeviceRule> deviceRules, Blkio blkio) {
            this(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, cpusetCpus, cpusetMems, cpuQuota, cpuPeriod,
                    memoryReservation, oomKillDisable, devices, deviceRules, blkio, null);
        }

        /** Without block I/O limits. */
        public Resources(long memory, long memorySwap, long nanoCpus, long cpuShares, long pidsLimit,
                         String cpusetCpus, String cpusetMems, long cpuQuota, long cpuPeriod,
                         long memoryReservation, boolean oomKillDisable, List<Device> devices,
                         List<DeviceRule> deviceRules) {
            this(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, cpusetCpus, cpusetMems, cpuQuota, cpuPeriod,
                    memoryReservation, oomKillDisable, devices, deviceRules, Blkio.NONE);
        }

        /** Without devices. */
        public Resources(long memory, long memorySwap, long nanoCpus, long cpuShares, long pidsLimit,
                         String cpusetCpus, String cpusetMems, long cpuQuota, long cpuPeriod,
                         long memoryReservation, boolean oomKillDisable) {
            this(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, cpusetCpus, cpusetMems, cpuQuota, cpuPeriod,
                    memoryReservation, oomKillDisable, List.of(), List.of());
        }

        public Resources(long memory, long memorySwap, long nanoCpus, long cpuShares, long pidsLimit,
                         String cpusetCpus, String cpusetMems) {
            this(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, cpusetCpus, cpusetMems, 0, 0, 0, false);
        }

        public Resources(long memory, long memorySwap, long nanoCpus, long cpuShares, long pidsLimit) {
            this(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, "", "");
        }
    }

    /**
     * One host device (Docker's {@code --device}); the runtime reads its type and numbers at start.
     *
     * @param pathOnHost      a device node, or a directory whose device nodes are all made
     * @param pathInContainer where it appears
     * @param permissions     the devices cgroup access, some of {@code rwm}
     */
    public record Device(String pathOnHost, String pathInContainer, String permissions) {
        public Device {
            Objects.requireNonNull(pathOnHost, "pathOnHost");
            Objects.requireNonNull(pathInContainer, "pathInContainer");
            Objects.requireNonNull(permissions, "permissions");
        }
    }

    /**
     * Block I/O limits (cgroup v1 blkio, v2 io); devices are host paths whose numbers the runtime reads.
     *
     * @param weight        10..1000; 0 none
     * @param weightDevices per-device weights
     * @param readBps       bytes per second
     * @param writeBps      bytes per second
     * @param readIOps      operations per second
     * @param writeIOps     operations per second
     */
    public record Blkio(int weight, List<DeviceLimit> weightDevices, List<DeviceLimit> readBps,
                        List<DeviceLimit> writeBps, List<DeviceLimit> readIOps, List<DeviceLimit> writeIOps) {
        public static final Blkio NONE = new Blkio(0, List.of(), List.of(), List.of(), List.of(), List.of());

        public Blkio {
            weightDevices = List.copyOf(weightDevices);
            readBps = List.copyOf(readBps);
            writeBps = List.copyOf(writeBps);
            readIOps = List.copyOf(readIOps);
            writeIOps = List.copyOf(writeIOps);
        }

        public boolean isEmpty() {
            return equals(NONE);
        }
    }

    /** A weight or a rate for the block device at {@code path} on the host. */
    public record DeviceLimit(String path, long value) {
        public DeviceLimit {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * One devices cgroup allow rule (Docker's {@code --device-cgroup-rule}).
     *
     * @param type   {@code a}, {@code b} or {@code c}
     * @param major  -1 for any
     * @param minor  -1 for any
     * @param access some of {@code rwm}
     */
    public record DeviceRule(String type, long major, long minor, String access) {
        public DeviceRule {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(access, "access");
        }
    }

    /**
     * @param privileged  all capabilities, no seccomp, all devices, nothing masked
     * @param capAdd      capabilities added to Docker's default set ({@code NET_ADMIN} or {@code CAP_NET_ADMIN}, or {@code ALL})
     * @param capDrop     capabilities removed from it
     * @param securityOpt Docker's {@code --security-opt} values ({@code seccomp=unconfined}, {@code no-new-privileges})
     */
    /**
     * @param maskedPaths   paths hidden from the container; null: Docker's defaults (none when privileged)
     * @param readonlyPaths paths made read-only; null: Docker's defaults (none when privileged)
     */
    public record Security(boolean privileged, List<String> capAdd, List<String> capDrop, List<String> securityOpt,
                           List<String> maskedPaths, List<String> readonlyPaths) {
        public static final Security DEFAULT = new Security(false, List.of(), List.of(), List.of());

        public Security {
            capAdd = List.copyOf(capAdd);
            capDrop = List.copyOf(capDrop);
            securityOpt = List.copyOf(securityOpt);
            maskedPaths = maskedPaths == null ? null : List.copyOf(maskedPaths);
            readonlyPaths = readonlyPaths == null ? null : List.copyOf(readonlyPaths);
        }

        /** With Docker's masked and read-only paths. */
        public Security(boolean privileged, List<String> capAdd, List<String> capDrop, List<String> securityOpt) {
            this(privileged, capAdd, capDrop, securityOpt, null, null);
        }
    }
}
