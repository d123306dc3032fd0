package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;

/** The common fields of Docker's HostConfig; rarer ones can be added as they are supported. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostConfig(
        @JsonProperty("Binds") List<String> binds,
        @JsonProperty("NetworkMode") String networkMode,
        @JsonProperty("PortBindings") Map<String, List<PortBinding>> portBindings,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
        @JsonProperty("AutoRemove") boolean autoRemove,
        @JsonProperty("VolumeDriver") String volumeDriver,
        @JsonProperty("VolumesFrom") List<String> volumesFrom,
        @JsonProperty("Mounts") JsonNode mounts,
        @JsonProperty("CapAdd") List<String> capAdd,
        @JsonProperty("CapDrop") List<String> capDrop,
        @JsonProperty("Dns") List<String> dns,
        @JsonProperty("DnsOptions") List<String> dnsOptions,
        @JsonProperty("DnsSearch") List<String> dnsSearch,
        @JsonProperty("ExtraHosts") List<String> extraHosts,
        @JsonProperty("GroupAdd") List<String> groupAdd,
        @JsonProperty("IpcMode") String ipcMode,
        @JsonProperty("PidMode") String pidMode,
        @JsonProperty("Privileged") boolean privileged,
        @JsonProperty("PublishAllPorts") boolean publishAllPorts,
        @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
        @JsonProperty("SecurityOpt") List<String> securityOpt,
        @JsonProperty("Tmpfs") Map<String, String> tmpfs,
        @JsonProperty("UsernsMode") String usernsMode,
        @JsonProperty("ShmSize") Long shmSize,
        @JsonProperty("Sysctls") Map<String, String> sysctls,
        @JsonProperty("Runtime") String runtime,
        @JsonProperty("LogConfig") LogConfig logConfig,
        @JsonProperty("Memory") Long memory,
        @JsonProperty("MemorySwap") Long memorySwap,
        @JsonProperty("MemoryReservation") Long memoryReservation,
        @JsonProperty("NanoCpus") Long nanoCpus,
        @JsonProperty("CpuShares") Long cpuShares,
        @JsonProperty("CpuQuota") Long cpuQuota,
        @JsonProperty("CpuPeriod") Long cpuPeriod,
        @JsonProperty("CpuRealtimePeriod") Long cpuRealtimePeriod,
        @JsonProperty("CpuRealtimeRuntime") Long cpuRealtimeRuntime,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("Ulimits") JsonNode ulimits,
        @JsonProperty("OomKillDisable") Boolean oomKillDisable,
        @JsonProperty("Init") Boolean init,
        @JsonProperty("OomScoreAdj") Long oomScoreAdj,
        @JsonProperty("UTSMode") String utsMode,
        @JsonProperty("CgroupnsMode") String cgroupnsMode,
        @JsonProperty("CgroupParent") String cgroupParent,
        @JsonProperty("Links") List<String> links,

        @JsonProperty("Devices") List<DeviceMapping> devices,
        @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
        @JsonProperty("BlkioWeight") @JsonDeserialize(using = Uint16.class) Integer blkioWeight,
        @JsonProperty("BlkioWeightDevice") List<WeightDevice> blkioWeightDevice,
        @JsonProperty("BlkioDeviceReadBps") List<ThrottleDevice> blkioDeviceReadBps,
        @JsonProperty("BlkioDeviceWriteBps") List<ThrottleDevice> blkioDeviceWriteBps,
        @JsonProperty("BlkioDeviceReadIOps") List<ThrottleDevice> blkioDeviceReadIOps,
        @JsonProperty("BlkioDeviceWriteIOps") List<ThrottleDevice> blkioDeviceWriteIOps,
        @JsonProperty("MaskedPaths") List<String> maskedPaths,
        @JsonProperty("ReadonlyPaths") List<String> readonlyPaths,
        @JsonProperty("MemorySwappiness") Long memorySwappiness,
        @JsonProperty("Annotations") Map<String, String> annotations,
        @JsonProperty("ConsoleSize") List<Integer> consoleSize) {

    public record WeightDevice(@JsonProperty("Path") String path,
                               @JsonProperty("Weight") @JsonDeserialize(using = Uint16.Primitive.class) int weight) {}

    public record ThrottleDevice(@JsonProperty("Path") String path, @JsonProperty("Rate") long rate) {}

    /** One {@code --device}: {@code PathInContainer} and {@code CgroupPermissions} may be empty. */
    public record DeviceMapping(@JsonProperty("PathOnHost") String pathOnHost,
                                @JsonProperty("PathInContainer") String pathInContainer,
                                @JsonProperty("CgroupPermissions") String cgroupPermissions) {}

    public record PortBinding(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {}

    /** {@code Name}: "", "no", "always", "unless-stopped", "on-failure". */
    public record RestartPolicy(@JsonProperty("Name") String name,
                                @JsonProperty("MaximumRetryCount") long maximumRetryCount) {}

    public record LogConfig(@JsonProperty("Type") String type, @JsonProperty("Config") Map<String, String> config) {}
}
