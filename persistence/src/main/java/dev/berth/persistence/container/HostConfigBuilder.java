package dev.berth.persistence.container;

import java.util.List;
import java.util.Map;

/**
 * Makes a {@link HostConfig} one option at a time, the rest at Docker's defaults ({@link HostConfig#builder()})
 * or at another config's values ({@link HostConfig#toBuilder()}); {@link #build()} validates.
 */
public final class HostConfigBuilder {
    private String networkMode;
    private boolean autoRemove;
    private long memory;
    private long memorySwap;
    private long nanoCpus;
    private long cpuShares;
    private long pidsLimit;
    private boolean readonlyRootfs;
    private List<TmpfsMount> tmpfs;
    private boolean privileged;
    private List<String> capAdd;
    private List<String> capDrop;
    private List<String> securityOpt;
    private List<String> dns;
    private List<String> dnsSearch;
    private List<String> dnsOptions;
    private List<String> extraHosts;
    private List<BindMount> binds;
    private List<PortBinding> portBindings;
    private boolean publishAllPorts;
    private RestartPolicy restartPolicy;
    private String cpusetCpus;
    private String cpusetMems;
    private List<VolumeBind> volumes;
    private String volumeDriver;
    private List<String> volumesFrom;
    private Boolean init;
    private long shmSize;
    private List<Ulimit> ulimits;
    private Map<String, String> sysctls;
    private long cpuQuota;
    private long cpuPeriod;
    private long memoryReservation;
    private long oomScoreAdj;
    private boolean oomKillDisable;
    private String ipcMode;
    private String pidMode;
    private String utsMode;
    private LogConfig logConfig;
    private List<String> groupAdd;
    private String cgroupnsMode;
    private String cgroupParent;
    private List<Link> links;
    private List<DeviceMapping> devices;
    private List<DeviceCgroupRule> deviceCgroupRules;
    private Blkio blkio;
    private List<String> maskedPaths;
    private List<String> readonlyPaths;
    private String runtime;

    private Long memorySwappiness;
    private CpuRealtime cpuRealtime;
    private Map<String, String> annotations;
    private List<Integer> consoleSize;
    private List<ImageMount> imageMounts;

    HostConfigBuilder() {}

    HostConfigBuilder(HostConfig h) {
        networkMode = h.networkMode();
        autoRemove = h.autoRemove();
        memory = h.memory();
        memorySwap = h.memorySwap();
        nanoCpus = h.nanoCpus();
        cpuShares = h.cpuShares();
        pidsLimit = h.pidsLimit();
        readonlyRootfs = h.readonlyRootfs();
        tmpfs = h.tmpfs();
        privileged = h.privileged();
        capAdd = h.capAdd();
        capDrop = h.capDrop();
        securityOpt = h.securityOpt();
        dns = h.dns();
        dnsSearch = h.dnsSearch();
        dnsOptions = h.dnsOptions();
        extraHosts = h.extraHosts();
        binds = h.binds();
        portBindings = h.portBindings();
        publishAllPorts = h.publishAllPorts();
        restartPolicy = h.restartPolicy();
        cpusetCpus = h.cpusetCpus();
        cpusetMems = h.cpusetMems();
        volumes = h.volumes();
        volumeDriver = h.volumeDriver();
        volumesFrom = h.volumesFrom();
        init = h.init();
        shmSize = h.shmSize();
        ulimits = h.ulimits();
        sysctls = h.sysctls();
        cpuQuota = h.cpuQuota();
        cpuPeriod = h.cpuPeriod();
        memoryReservation = h.memoryReservation();
        oomScoreAdj = h.oomScoreAdj();
        oomKillDisable = h.oomKillDisable();
        ipcMode = h.ipcMode();
        pidMode = h.pidMode();
        utsMode = h.utsMode();
        logConfig = h.logConfig();
        groupAdd = h.groupAdd();
        cgroupnsMode = h.cgroupnsMode();
        cgroupParent = h.cgroupParent();
        links = h.links();
        devices = h.devices();
        deviceCgroupRules = h.deviceCgroupRules();
        blkio = h.blkio();
        maskedPaths = h.maskedPaths();
        readonlyPaths = h.readonlyPaths();
        runtime = h.runtime();
        memorySwappiness = h.memorySwappiness();
        annotations = h.annotations();
        consoleSize = h.consoleSize();
        imageMounts = h.imageMounts();
        cpuRealtime = h.cpuRealtime();
    }

    public HostConfigBuilder networkMode(String value) {
        networkMode = value;
        return this;
    }

    public HostConfigBuilder autoRemove(boolean value) {
        autoRemove = value;
        return this;
    }

    public HostConfigBuilder memory(long value) {
        memory = value;
        return this;
    }

    public HostConfigBuilder memorySwap(long value) {
        memorySwap = value;
        return this;
    }

    public HostConfigBuilder nanoCpus(long value) {
        nanoCpus = value;
        return this;
    }

    public HostConfigBuilder cpuShares(long value) {
        cpuShares = value;
        return this;
    }

    public HostConfigBuilder pidsLimit(long value) {
        pidsLimit = value;
        return this;
    }

    public HostConfigBuilder readonlyRootfs(boolean value) {
        readonlyRootfs = value;
        return this;
    }

    public HostConfigBuilder tmpfs(List<TmpfsMount> value) {
        tmpfs = value;
        return this;
    }

    public HostConfigBuilder privileged(boolean value) {
        privileged = value;
        return this;
    }

    public HostConfigBuilder capAdd(List<String> value) {
        capAdd = value;
        return this;
    }

    public HostConfigBuilder capDrop(List<String> value) {
        capDrop = value;
        return this;
    }

    public HostConfigBuilder securityOpt(List<String> value) {
        securityOpt = value;
        return this;
    }

    public HostConfigBuilder dns(List<String> value) {
        dns = value;
        return this;
    }

    public HostConfigBuilder dnsSearch(List<String> value) {
        dnsSearch = value;
        return this;
    }

    public HostConfigBuilder dnsOptions(List<String> value) {
        dnsOptions = value;
        return this;
    }

    public HostConfigBuilder extraHosts(List<String> value) {
        extraHosts = value;
        return this;
    }

    public HostConfigBuilder binds(List<BindMount> value) {
        binds = value;
        return this;
    }

    public HostConfigBuilder portBindings(List<PortBinding> value) {
        portBindings = value;
        return this;
    }

    public HostConfigBuilder publishAllPorts(boolean value) {
        publishAllPorts = value;
        return this;
    }

    public HostConfigBuilder restartPolicy(RestartPolicy value) {
        restartPolicy = value;
        return this;
    }

    public HostConfigBuilder cpusetCpus(String value) {
        cpusetCpus = value;
        return this;
    }

    public HostConfigBuilder cpusetMems(String value) {
        cpusetMems = value;
        return this;
    }

    public HostConfigBuilder volumes(List<VolumeBind> value) {
        volumes = value;
        return this;
    }

    public HostConfigBuilder volumeDriver(String value) {
        volumeDriver = value;
        return this;
    }

    public HostConfigBuilder volumesFrom(List<String> value) {
        volumesFrom = value;
        return this;
    }

    public HostConfigBuilder init(Boolean value) {
        init = value;
        return this;
    }

    public HostConfigBuilder shmSize(long value) {
        shmSize = value;
        return this;
    }

    public HostConfigBuilder ulimits(List<Ulimit> value) {
        ulimits = value;
        return this;
    }

    public HostConfigBuilder sysctls(Map<String, String> value) {
        sysctls = value;
        return this;
    }

    public HostConfigBuilder cpuQuota(long value) {
        cpuQuota = value;
        return this;
    }

    public HostConfigBuilder cpuPeriod(long value) {
        cpuPeriod = value;
        return this;
    }

    public HostConfigBuilder memoryReservation(long value) {
        memoryReservation = value;
        return this;
    }

    /** Docker's Go int: a value beyond Java's int is refused by {@link #build()} with dockerd's range message. */
    public HostConfigBuilder oomScoreAdj(long value) {
        oomScoreAdj = value;
        return this;
    }

    public HostConfigBuilder oomKillDisable(boolean value) {
        oomKillDisable = value;
        return this;
    }

    public HostConfigBuilder ipcMode(String value) {
        ipcMode = value;
        return this;
    }

    public HostConfigBuilder pidMode(String value) {
        pidMode = value;
        return this;
    }

    public HostConfigBuilder utsMode(String value) {
        utsMode = value;
        return this;
    }

    public HostConfigBuilder logConfig(LogConfig value) {
        logConfig = value;
        return this;
    }

    public HostConfigBuilder groupAdd(List<String> value) {
        groupAdd = value;
        return this;
    }

    public HostConfigBuilder cgroupnsMode(String value) {
        cgroupnsMode = value;
        return this;
    }

    public HostConfigBuilder cgroupParent(String value) {
        cgroupParent = value;
        return this;
    }

    public HostConfigBuilder links(List<Link> value) {
        links = value;
        return this;
    }

    public HostConfigBuilder devices(List<DeviceMapping> value) {
        devices = value;
        return this;
    }

    public HostConfigBuilder deviceCgroupRules(List<DeviceCgroupRule> value) {
        deviceCgroupRules = value;
        return this;
    }

    public HostConfigBuilder blkio(Blkio value) {
        blkio = value;
        return this;
    }

    public HostConfigBuilder maskedPaths(List<String> value) {
        maskedPaths = value;
        return this;
    }

    public HostConfigBuilder runtime(String value) {
        runtime = value;
        return this;
    }

    /** null: no CPU real-time budget of its own */
    public HostConfigBuilder cpuRealtime(CpuRealtime value) {
        cpuRealtime = value;
        return this;
    }

    /** null or -1: the kernel's swappiness */
    public HostConfigBuilder memorySwappiness(Long value) {
        memorySwappiness = value;
        return this;
    }

    public HostConfigBuilder annotations(Map<String, String> value) {
        annotations = value;
        return this;
    }

    /** Rows then columns; null, empty or [0,0]: none. */
    public HostConfigBuilder imageMounts(List<ImageMount> value) {
        imageMounts = value;
        return this;
    }

    public HostConfigBuilder consoleSize(List<Integer> value) {
        consoleSize = value;
        return this;
    }

    public HostConfigBuilder readonlyPaths(List<String> value) {
        readonlyPaths = value;
        return this;
    }

    /** The config, validated as at create. */
    public HostConfig build() {
        if (oomScoreAdj != (int) oomScoreAdj) {
            CpuAndMemoryLimits.checkOomScoreAdj(oomScoreAdj);
        }
        return new HostConfig(networkMode, autoRemove, memory, memorySwap, nanoCpus, cpuShares, pidsLimit,
                readonlyRootfs, tmpfs, privileged, capAdd, capDrop, securityOpt, dns, dnsSearch, dnsOptions,
                extraHosts, binds, portBindings, publishAllPorts, restartPolicy, cpusetCpus, cpusetMems, volumes,
                volumeDriver, volumesFrom, init, shmSize, ulimits, sysctls, cpuQuota, cpuPeriod, memoryReservation,
                (int) oomScoreAdj, oomKillDisable, ipcMode, pidMode, utsMode, logConfig, groupAdd, cgroupnsMode, cgroupParent,
                links, devices, deviceCgroupRules, blkio, maskedPaths, readonlyPaths, runtime, memorySwappiness,
                annotations, consoleSize, imageMounts, cpuRealtime);
    }
}
