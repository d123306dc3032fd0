package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.spi.EngineException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How the host runs the container (Docker's {@code HostConfig}), validated once when it is made: at
 * create. Limits of 0 mean "none". Shape version 2 ({@link HostConfigMigration} reads version 1, where
 * ports, binds, tmpfs and the restart policy were text).
 *
 * @param networkMode  {@code none}, {@code host}, {@code bridge}/{@code default}, or a network name
 * @param memory       bytes; 0 or at least {@link #MIN_MEMORY}
 * @param memorySwap   bytes of memory and swap together; -1 unlimited swap
 * @param portBindings in the order given; a port published twice appears twice
 * @param cpusetCpus   Docker's {@code --cpuset-cpus} list ({@code 0-2,4}), "" for all; absent in
 *                     journals written before it existed, and so ""
 * @param cpusetMems   the same for memory nodes
 * @param volumes      the volumes mounted, named and anonymous (absent in journals from before volumes: none)
 * @param volumeDriver the driver of volumes the create makes without naming one ({@code HostConfig.VolumeDriver}); empty = {@code local}
 * @param volumesFrom  {@code --volumes-from} as given (their mounts are copied into the lists above at create)
 * @param init         run an init (Docker's {@code docker-init}) as pid 1; null (and absent in older
 *                     journals) means the daemon's {@code init} setting decides at each start, as with dockerd
 * @param shmSize      bytes of the /dev/shm tmpfs; 0 (and absent in older journals) is Docker's 64 MiB
 * @param ulimits      rlimits of the container's process, in the order given
 * @param sysctls      namespaced kernel parameters ({@link Sysctls})
 * @param cpuQuota     CFS quota in µs per period; 0 none, -1 unlimited
 * @param cpuPeriod    CFS period in µs; 0 the kernel's
 * @param memoryReservation soft memory limit in bytes; 0 none
 * @param oomScoreAdj  the process's oom_score_adj, -1000..1000
 * @param oomKillDisable the OOM killer spares the container (cgroup v1's memory.oom_control)
 * @param ipcMode      {@code private} (also absent in older journals), {@code shareable} or {@code host}
 * @param pidMode      "" (its own PID namespace) or {@code host}
 * @param utsMode      "" (its own UTS namespace) or {@code host}
 * @param logConfig    the log driver and its options; absent in older journals, and so {@link LogConfig#DEFAULT}
 * @param groupAdd     {@code --group-add}: supplementary groups as given, names resolved in the container's
 *                     /etc/group at each start (absent in older journals: none)
 * @param cgroupnsMode {@code host} or {@code private}, as dockerd fills it in at create; "" (absent in older
 *                     journals) is the runtime's default for the host's cgroup version
 * @param cgroupParent {@code --cgroup-parent} as given; "" (also absent in older journals) the daemon's
 * @param links        legacy {@code --link}s on the default bridge, in the order given (absent: none)
 * @param devices      host devices made in the container ({@code --device}), in the order given
 * @param deviceCgroupRules extra allow rules of the devices cgroup ({@code --device-cgroup-rule})
 * @param blkio        block I/O weight and throttles ({@link Blkio#NONE} when absent)
 * @param maskedPaths  paths hidden in the container; null (also in older journals) is Docker's
 *                     {@link SystemPaths#MASKED}, unless privileged
 * @param readonlyPaths paths made read-only; null is Docker's {@link SystemPaths#READONLY}, unless privileged
 * @param runtime      the OCI runtime the container runs under ({@code docker run --runtime}), the daemon's
 *                     default filled in at create; absent in older journals, which only knew {@code runc}
 * @param memorySwappiness the cgroup's {@code memory.swappiness}, 0..100; null (also absent in older journals,
 *                     and what -1 asks for) leaves the kernel's
 * @param annotations  OCI annotations handed to the runtime ({@code docker run --annotation}), sorted by key;
 *                     absent in older journals: none
 * @param consoleSize  a TTY's first size, rows then columns ({@code HostConfig.ConsoleSize}, which the docker CLI
 *                     sends with {@code -t}); empty (also in older journals) when none was given, or [0,0]
 * @param imageMounts  images mounted read-only ({@code --mount type=image}); absent in older journals: none
 * @param cpuRealtime  the CPU real-time budget ({@code --cpu-rt-period}, {@code --cpu-rt-runtime}); null (also absent
 *                     in older journals) when neither was given
 * (The last five are journaled only when set, so a container that has none is stored as before.)
 */
public record HostConfig(
        String networkMode,
        boolean autoRemove,
        long memory,
        long memorySwap,
        long nanoCpus,
        long cpuShares,
        long pidsLimit,
        boolean readonlyRootfs,
        List<TmpfsMount> tmpfs,
        boolean privileged,
        List<String> capAdd,
        List<String> capDrop,
        List<String> securityOpt,
        List<String> dns,
        List<String> dnsSearch,
        List<String> dnsOptions,
        List<String> extraHosts,
        List<BindMount> binds,
        List<PortBinding> portBindings,
        boolean publishAllPorts,
        RestartPolicy restartPolicy,
        String cpusetCpus,
        String cpusetMems,
        List<VolumeBind> volumes,
        String volumeDriver,
        List<String> volumesFrom,
        Boolean init,
        long shmSize,
        List<Ulimit> ulimits,
        Map<String, String> sysctls,
        long cpuQuota,
        long cpuPeriod,
        long memoryReservation,
        int oomScoreAdj,
        boolean oomKillDisable,
        String ipcMode,
        String pidMode,
        String utsMode,
        LogConfig logConfig,
        List<String> groupAdd,
        String cgroupnsMode,
        String cgroupParent,
        List<Link> links,

        List<DeviceMapping> devices,
        List<DeviceCgroupRule> deviceCgroupRules,
        Blkio blkio,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        String runtime,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long memorySwappiness,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Integer> consoleSize,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ImageMount> imageMounts,
        @JsonInclude(JsonInclude.Include.NON_NULL) CpuRealtime cpuRealtime) {

    /** The runtime of a container journaled before runtimes could be chosen. */
    public static final String DEFAULT_RUNTIME = "runc";

    /** Docker's minimum memory limit. */
    public static final long MIN_MEMORY = 6 * 1024 * 1024;

    /** Docker's /dev/shm size when the container does not give one. */
    public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

    @JsonCreator
    public HostConfig {
        networkMode = networkMode == null || networkMode.isEmpty() ? "default" : networkMode;
        tmpfs = tmpfs == null ? List.of() : List.copyOf(tmpfs);
        capAdd = copy(capAdd);
        capDrop = copy(capDrop);
        securityOpt = copy(securityOpt);
        dns = copy(dns);
        dnsSearch = copy(dnsSearch);
        dnsOptions = copy(dnsOptions);
        extraHosts = copy(extraHosts);
        binds = binds == null ? List.of() : List.copyOf(binds);
        portBindings = portBindings == null ? List.of() : List.copyOf(portBindings);
        restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        cpusetMems = cpusetMems == null ? "" : cpusetMems;
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        volumeDriver = volumeDriver == null ? "" : volumeDriver;
        volumesFrom = copy(volumesFrom);
        ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        sysctls = sysctls == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(sysctls));
        if (shmSize < 0) {
            throw EngineException.invalid("SHM size can not be less than 0");
        }
        ipcMode = ipcMode == null || ipcMode.isEmpty() ? "private" : ipcMode;
        pidMode = pidMode == null ? "" : pidMode;
        utsMode = utsMode == null ? "" : utsMode;
        groupAdd = copy(groupAdd);
        cgroupnsMode = cgroupnsMode == null ? "" : cgroupnsMode;
        Namespaces.checkCgroupns(cgroupnsMode);
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
        links = links == null ? List.of() : List.copyOf(links);
        Namespaces.check(ipcMode, pidMode, utsMode);
        logConfig = logConfig == null ? LogConfig.DEFAULT : logConfig;
        devices = devices == null ? List.of() : List.copyOf(devices);
        deviceCgroupRules = deviceCgroupRules == null ? List.of() : List.copyOf(deviceCgroupRules);
        blkio = blkio == null ? Blkio.NONE : blkio;
        maskedPaths = maskedPaths == null ? null : List.copyOf(maskedPaths);
        readonlyPaths = readonlyPaths == null ? null : List.copyOf(readonlyPaths);
        runtime = runtime == null || runtime.isEmpty() ? DEFAULT_RUNTIME : runtime;
        memorySwappiness = memorySwappiness == null || memorySwappiness == -1 ? null : memorySwappiness;
        if (memorySwappiness != null && (memorySwappiness < 0 || memorySwappiness > 100)) {
            throw EngineException.invalid("Invalid value: " + memorySwappiness + ", valid memory swappiness range is 0-100");
        }
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
        if (annotations.containsKey("")) {
            throw EngineException.invalid("invalid Annotations: the empty string is not permitted as an annotation key");
        }
        consoleSize = consoleSize(consoleSize);
        imageMounts = imageMounts == null ? List.of() : List.copyOf(imageMounts);
        Sysctls.check(sysctls, networkMode, ipcMode);
        CpuAndMemoryLimits.check(nanoCpus, cpuQuota, cpuPeriod, memory, memoryReservation, oomScoreAdj);
        CpusetList.check(cpusetCpus, "cpus");
        CpusetList.check(cpusetMems, "mems");
        if (memory != 0 && memory < MIN_MEMORY) {
            throw EngineException.invalid("Minimum memory limit allowed is 6MB");
        }
        if (memorySwap > 0 && memory > 0 && memorySwap < memory) {
            throw EngineException.invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (cpuShares < 0) {
            throw EngineException.invalid("invalid CPU shares: " + cpuShares + ": must be a positive number");
        }
        if (autoRemove && restartPolicy.name() != RestartPolicy.Name.NO) {
            throw EngineException.invalid("can't create 'AutoRemove' container with restart policy");
        }
        Set<String> targets = new HashSet<>();
        for (String target : Stream.of(binds.stream().map(BindMount::target), tmpfs.stream().map(TmpfsMount::target),
                volumes.stream().map(VolumeBind::target), imageMounts.stream().map(ImageMount::target))
                .flatMap(t -> t).toList()) {
            if (!targets.add(ContainerPath.clean(target))) {
                throw EngineException.invalid("Duplicate mount point: " + ContainerPath.clean(target));
            }
        }
    }

    /** Largest rows or columns a terminal has (the kernel's winsize holds 16 bits). */
    public static final int MAX_CONSOLE_SIDE = 0xFFFF;

    /**
     * Rows and columns as the API's two-number array reads in Go: missing numbers are 0, more than two
     * are dropped; a negative or too large one is refused, naming the field. [0,0] is no size.
     */
    private static List<Integer> consoleSize(List<Integer> given) {
        if (given == null || given.isEmpty()) {
            return List.of();
        }
        int rows = given.get(0) == null ? 0 : given.get(0);
        int columns = given.size() < 2 || given.get(1) == null ? 0 : given.get(1);
        for (int side : new int[] {rows, columns}) {
            if (side < 0 || side > MAX_CONSOLE_SIDE) {
                throw EngineException.invalid("invalid HostConfig.ConsoleSize: " + side
                        + " is not a terminal size (rows and columns are 0 to " + MAX_CONSOLE_SIDE + ")");
            }
        }
        return rows == 0 && columns == 0 ? List.of() : List.of(rows, columns);
    }

    /** The /dev/shm size in bytes, Docker's default applied. */
    public long effectiveShmSize() {
        return shmSize == 0 ? DEFAULT_SHM_SIZE : shmSize;
    }

    /** The same, mounting {@code next} as its volumes. */
    public HostConfig withVolumes(List<VolumeBind> next) {
        return withMounts(binds, next);
    }

    /** The same, with these binds and volumes. */
    public HostConfig withMounts(List<BindMount> nextBinds, List<VolumeBind> nextVolumes) {
        return toBuilder().binds(nextBinds).volumes(nextVolumes).build();
    }

    /** Whether a bind, tmpfs or volume is mounted at {@code target} (compared as the kernel resolves it). */
    public boolean mountsAt(String target) {
        String clean = ContainerPath.clean(target);
        return Stream.of(binds.stream().map(BindMount::target), tmpfs.stream().map(TmpfsMount::target),
                volumes.stream().map(VolumeBind::target), imageMounts.stream().map(ImageMount::target)).flatMap(t -> t).anyMatch(t -> ContainerPath.clean(t).equals(clean));
    }

    /** Everything at Docker's defaults (what a create without {@code HostConfig} asks for). */
    public static HostConfig defaults() {
        return builder().build();
    }

    /** A builder at Docker's defaults. */
    public static HostConfigBuilder builder() {
        return new HostConfigBuilder();
    }

    /** A builder at this config's values. */
    public HostConfigBuilder toBuilder() {
        return new HostConfigBuilder(this);
    }

    private static List<String> copy(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
