package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * GET /info: the fields {@code docker info} prints. {@code RegistryConfig} and {@code Runtimes} are
 * open-ended JSON ({@code Runtimes}: name → {"path": …}). {@code BerthEventSinks} is Berth's own (Docker
 * clients ignore it): each event sink's position and lag.
 */
@com.fasterxml.jackson.annotation.JsonPropertyOrder({"ID", "Containers", "ContainersRunning", "ContainersPaused",
        "ContainersStopped", "Images", "Driver", "DriverStatus", "Plugins", "MemoryLimit", "SwapLimit", "KernelMemoryTCP",
        "CpuCfsPeriod", "CpuCfsQuota", "CPUShares", "CPUSet", "PidsLimit", "IPv4Forwarding", "Debug", "NFd",
        "OomKillDisable", "NGoroutines", "SystemTime", "LoggingDriver", "CgroupDriver", "CgroupVersion",
        "NEventsListener", "KernelVersion", "OperatingSystem", "OSVersion", "OSType", "Architecture",
        "IndexServerAddress", "RegistryConfig", "NCPU", "MemTotal", "GenericResources", "DockerRootDir", "HttpProxy",
        "HttpsProxy", "NoProxy", "Name", "Labels", "ExperimentalBuild", "ServerVersion", "Runtimes", "DefaultRuntime",
        "Swarm", "LiveRestoreEnabled", "Isolation", "InitBinary", "ContainerdCommit", "RuncCommit", "InitCommit",
        "SecurityOptions", "DefaultAddressPools", "FirewallBackend", "CDISpecDirs", "Warnings", "BerthEventSinks"})
public record SystemInfo(
        @JsonProperty("ID") String id,
        @JsonProperty("Containers") int containers,
        @JsonProperty("ContainersRunning") int containersRunning,
        @JsonProperty("ContainersPaused") int containersPaused,
        @JsonProperty("ContainersStopped") int containersStopped,
        @JsonProperty("Images") int images,
        @JsonProperty("Driver") String driver,
        @JsonProperty("DriverStatus") List<List<String>> driverStatus,
        @JsonProperty("Plugins") Plugins plugins,
        @JsonProperty("MemoryLimit") boolean memoryLimit,
        @JsonProperty("SwapLimit") boolean swapLimit,
        @JsonProperty("CpuCfsPeriod") boolean cpuCfsPeriod,
        @JsonProperty("CpuCfsQuota") boolean cpuCfsQuota,
        @JsonProperty("CPUShares") boolean cpuShares,
        @JsonProperty("PidsLimit") boolean pidsLimit,
        @JsonProperty("IPv4Forwarding") boolean ipv4Forwarding,
        @JsonProperty("Debug") boolean debug,
        @JsonProperty("NFd") int nfd,
        @JsonProperty("NGoroutines") int ngoroutines,
        @JsonProperty("SystemTime") String systemTime,
        @JsonProperty("LoggingDriver") String loggingDriver,
        @JsonProperty("CgroupDriver") String cgroupDriver,
        @JsonProperty("CgroupVersion") String cgroupVersion,
        @JsonProperty("NEventsListener") int neventsListener,
        @JsonProperty("KernelVersion") String kernelVersion,
        @JsonProperty("OperatingSystem") String operatingSystem,
        @JsonProperty("OSVersion") String osVersion,
        @JsonProperty("OSType") String osType,
        @JsonProperty("Architecture") String architecture,
        @JsonProperty("NCPU") int ncpu,
        @JsonProperty("MemTotal") long memTotal,
        @JsonProperty("IndexServerAddress") String indexServerAddress,
        @JsonProperty("RegistryConfig") JsonNode registryConfig,
        @JsonProperty("DockerRootDir") String dockerRootDir,
        @JsonProperty("Name") String name,
        @JsonProperty("Labels") List<String> labels,
        @JsonProperty("ExperimentalBuild") boolean experimentalBuild,
        @JsonProperty("ServerVersion") String serverVersion,
        @JsonProperty("Runtimes") Map<String, JsonNode> runtimes,
        @JsonProperty("DefaultRuntime") String defaultRuntime,
        @JsonProperty("Swarm") Swarm swarm,
        @JsonProperty("LiveRestoreEnabled") boolean liveRestoreEnabled,
        @JsonProperty("Isolation") String isolation,
        @JsonProperty("InitBinary") String initBinary,
        @JsonProperty("SecurityOptions") List<String> securityOptions,
        @JsonProperty("Warnings") List<String> warnings,
        @JsonProperty("BerthEventSinks") List<BerthEventSink> eventSinks,
        @JsonProperty("KernelMemoryTCP") boolean kernelMemoryTcp,
        @JsonProperty("CPUSet") boolean cpuSet,
        @JsonProperty("OomKillDisable") boolean oomKillDisable,
        @JsonProperty("GenericResources") List<Object> genericResources,
        @JsonProperty("HttpProxy") String httpProxy,
        @JsonProperty("HttpsProxy") String httpsProxy,
        @JsonProperty("NoProxy") String noProxy,
        @JsonProperty("ContainerdCommit") Commit containerdCommit,
        @JsonProperty("RuncCommit") Commit runcCommit,
        @JsonProperty("InitCommit") Commit initCommit,
        @JsonProperty("FirewallBackend") @JsonInclude(JsonInclude.Include.NON_NULL) Firewall firewallBackend,
        @JsonProperty("CDISpecDirs") List<String> cdiSpecDirs,
        @JsonProperty("DefaultAddressPools") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AddressPool> defaultAddressPools) {

    /** One configured {@code default-address-pools} entry; dockerd lists only what was configured. */
    public record AddressPool(@JsonProperty("Base") String base, @JsonProperty("Size") int size) {}

    /** A component's version as dockerd reports it ({@code ID}); "" when there is none. */
    public record Commit(@JsonProperty("ID") String id) {
        public static final Commit NONE = new Commit("");
    }

    /** The firewall the bridge driver programs ({@code Driver}: {@code iptables}). */
    public record Firewall(@JsonProperty("Driver") String driver) {}


    public SystemInfo {
        driverStatus = driverStatus == null ? List.of() : List.copyOf(driverStatus);
        plugins = plugins == null ? new Plugins(null, null, null, null) : plugins;
        labels = labels == null ? List.of() : List.copyOf(labels);
        runtimes = runtimes == null ? Map.of() : Map.copyOf(runtimes);
        swarm = swarm == null ? Swarm.INACTIVE : swarm;
        securityOptions = securityOptions == null ? List.of() : List.copyOf(securityOptions);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        eventSinks = eventSinks == null ? List.of() : List.copyOf(eventSinks);
        isolation = isolation == null ? "" : isolation;
        osType = osType == null ? "linux" : osType;
        defaultAddressPools = defaultAddressPools == null ? List.of() : List.copyOf(defaultAddressPools);
    }

    public record Plugins(@JsonProperty("Volume") List<String> volume, @JsonProperty("Network") List<String> network,
                          @JsonProperty("Log") List<String> log,
                          @JsonProperty("Authorization") List<String> authorization) {
        public Plugins {
            authorization = authorization == null ? List.of() : List.copyOf(authorization);
            volume = volume == null ? List.of() : List.copyOf(volume);
            network = network == null ? List.of() : List.copyOf(network);
            log = log == null ? List.of() : List.copyOf(log);
        }
    }

    public record Swarm(@JsonProperty("NodeID") String nodeId, @JsonProperty("NodeAddr") String nodeAddr,
                        @JsonProperty("LocalNodeState") String localNodeState,
                        @JsonProperty("ControlAvailable") boolean controlAvailable,
                        @JsonProperty("Error") String error) {
        public static final Swarm INACTIVE = new Swarm("", "", "inactive", false, "");
    }
}
