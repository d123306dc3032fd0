package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Inspect's {@code HostConfig}: every field dockerd 28 shows, in the order its Go struct marshals them
 * (the host fields, then the embedded {@code Resources}, then mounts, masked paths and init), with Go's
 * {@code omitempty} where dockerd has it ({@code Annotations}, {@code StorageOpt}, {@code Tmpfs},
 * {@code Sysctls}, {@code Runtime}, {@code KernelMemory}, {@code KernelMemoryTCP}, {@code Mounts}, {@code Init}).
 * The request's own shape is {@link HostConfig}; what Berth does not model shows dockerd's zero value.
 */
public record InspectHostConfig(
        @JsonProperty("Binds") List<String> binds,
        @JsonProperty("ContainerIDFile") String containerIdFile,
        @JsonProperty("LogConfig") HostConfig.LogConfig logConfig,
        @JsonProperty("NetworkMode") String networkMode,
        @JsonProperty("PortBindings") Map<String, List<HostConfig.PortBinding>> portBindings,
        @JsonProperty("RestartPolicy") HostConfig.RestartPolicy restartPolicy,
        @JsonProperty("AutoRemove") boolean autoRemove,
        @JsonProperty("VolumeDriver") String volumeDriver,
        @JsonProperty("VolumesFrom") List<String> volumesFrom,
        @JsonProperty("ConsoleSize") List<Integer> consoleSize,
        @JsonProperty("Annotations") @JsonInclude(Include.NON_EMPTY) Map<String, String> annotations,
        @JsonProperty("CapAdd") List<String> capAdd,
        @JsonProperty("CapDrop") List<String> capDrop,
        @JsonProperty("CgroupnsMode") String cgroupnsMode,
        @JsonProperty("Dns") List<String> dns,
        @JsonProperty("DnsOptions") List<String> dnsOptions,
        @JsonProperty("DnsSearch") List<String> dnsSearch,
        @JsonProperty("ExtraHosts") List<String> extraHosts,
        @JsonProperty("GroupAdd") List<String> groupAdd,
        @JsonProperty("IpcMode") String ipcMode,
        @JsonProperty("Cgroup") String cgroup,
        @JsonProperty("Links") List<String> links,
        @JsonProperty("OomScoreAdj") long oomScoreAdj,
        @JsonProperty("PidMode") String pidMode,
        @JsonProperty("Privileged") boolean privileged,
        @JsonProperty("PublishAllPorts") boolean publishAllPorts,
        @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
        @JsonProperty("SecurityOpt") List<String> securityOpt,
        @JsonProperty("StorageOpt") @JsonInclude(Include.NON_EMPTY) Map<String, String> storageOpt,
        @JsonProperty("Tmpfs") @JsonInclude(Include.NON_EMPTY) Map<String, String> tmpfs,
        @JsonProperty("UTSMode") String utsMode,
        @JsonProperty("UsernsMode") String usernsMode,
        @JsonProperty("ShmSize") long shmSize,
        @JsonProperty("Sysctls") @JsonInclude(Include.NON_EMPTY) Map<String, String> sysctls,
        @JsonProperty("Runtime") @JsonInclude(Include.NON_EMPTY) String runtime,
        @JsonProperty("Isolation") String isolation,
        @JsonProperty("CpuShares") long cpuShares,
        @JsonProperty("Memory") long memory,
        @JsonProperty("NanoCpus") long nanoCpus,
        @JsonProperty("CgroupParent") String cgroupParent,
        @JsonProperty("BlkioWeight") int blkioWeight,
        @JsonProperty("BlkioWeightDevice") List<HostConfig.WeightDevice> blkioWeightDevice,
        @JsonProperty("BlkioDeviceReadBps") List<HostConfig.ThrottleDevice> blkioDeviceReadBps,
        @JsonProperty("BlkioDeviceWriteBps") List<HostConfig.ThrottleDevice> blkioDeviceWriteBps,
        @JsonProperty("BlkioDeviceReadIOps") List<HostConfig.ThrottleDevice> blkioDeviceReadIOps,
        @JsonProperty("BlkioDeviceWriteIOps") List<HostConfig.ThrottleDevice> blkioDeviceWriteIOps,
        @JsonProperty("CpuPeriod") long cpuPeriod,
        @JsonProperty("CpuQuota") long cpuQuota,
        @JsonProperty("CpuRealtimePeriod") long cpuRealtimePeriod,
        @JsonProperty("CpuRealtimeRuntime") long cpuRealtimeRuntime,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("Devices") List<HostConfig.DeviceMapping> devices,
        @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
        @JsonProperty("DeviceRequests") List<Object> deviceRequests,
        @JsonProperty("KernelMemory") @JsonInclude(Include.NON_DEFAULT) long kernelMemory,
        @JsonProperty("KernelMemoryTCP") @JsonInclude(Include.NON_DEFAULT) long kernelMemoryTcp,
        @JsonProperty("MemoryReservation") long memoryReservation,
        @JsonProperty("MemorySwap") long memorySwap,
        @JsonProperty("MemorySwappiness") Long memorySwappiness,
        @JsonProperty("OomKillDisable") Boolean oomKillDisable,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("Ulimits") JsonNode ulimits,
        @JsonProperty("CpuCount") long cpuCount,
        @JsonProperty("CpuPercent") long cpuPercent,
        @JsonProperty("IOMaximumIOps") long ioMaximumIOps,
        @JsonProperty("IOMaximumBandwidth") long ioMaximumBandwidth,
        @JsonProperty("Mounts") @JsonInclude(Include.NON_EMPTY) JsonNode mounts,
        @JsonProperty("MaskedPaths") List<String> maskedPaths,
        @JsonProperty("ReadonlyPaths") List<String> readonlyPaths,
        @JsonProperty("Init") @JsonInclude(Include.NON_NULL) Boolean init) {}
