package dev.berth.api;

import static dev.berth.api.FieldTable.each;
import static dev.berth.api.FieldTable.nullOnly;
import static dev.berth.api.FieldTable.isZero;
import static dev.berth.api.FieldTable.text;
import static dev.berth.api.FieldTable.zero;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every field of the {@code POST /containers/create} body (Docker Engine API v1.50): the container's
 * Config at the top level, {@code HostConfig} with its Resources, and each network's
 * {@code EndpointSettings}; with what Berth does with it. Honoured means the create path carries the
 * value to the runtime (ContainerDtos → ContainerService → DriverRuntime → the runc driver's
 * OciSpecBuilder/OciResources/OciMounts, or the network attacher); anything else is refused unless
 * at Docker's default, until the issue that implements it. {@code CreateFieldsTest} fails when the
 * spec or the model records have a field this table does not list.
 */
final class CreateFields {
    private static final String ENDPOINT = "NetworkingConfig.EndpointsConfig.*.";

    private static final Pattern SECURITY_OPTS = Pattern.compile(
            "no-new-privileges([=:](true|false))?|seccomp[=:](unconfined|builtin|\\{.*)|apparmor[=:]unconfined"
                    + "|label[=:]disable|writable-cgroups[=:]false", Pattern.DOTALL);

    static final FieldTable TABLE = FieldTable.builder()
            .honoured("Hostname")
            .honoured("Domainname")
            .honoured("User")
            .honoured("AttachStdin", "recorded and shown by inspect, as dockerd does (the client attaches through /attach)")
            .honoured("AttachStdout", "recorded and shown by inspect, as dockerd does (the client attaches through /attach)")
            .honoured("AttachStderr", "recorded and shown by inspect, as dockerd does (the client attaches through /attach)")
            .honoured("ExposedPorts", "listed by inspect and ps, published by PublishAllPorts")
            .honoured("Tty")
            .honoured("OpenStdin")
            .honoured("StdinOnce")
            .honoured("Env")
            .honoured("Cmd")
            .honoured("Healthcheck", "merged over the image's; probes run as execs (engine/HealthMonitor)")
            .inert("ArgsEscaped", "Windows only")
            .honoured("Image")
            .honoured("Volumes", "an anonymous volume at each path nothing else of the body mounts, as in dockerd")
            .honoured("WorkingDir")
            .honoured("Entrypoint")
            .honoured("NetworkDisabled", "loopback only, on no network whatever the mode (no published ports, no connect)")
            .unsupported("MacAddress", zero(), "deprecated here; default \"\": Berth derives the MAC from the address")
            .unsupported("OnBuild", zero(), "kept for commit by dockerd; default null/[]")
            .honoured("Labels")
            .honoured("StopSignal")
            .honoured("StopTimeout")
            .unsupported("Shell", zero(), "kept for commit by dockerd; default null/[]")
            .object("HostConfig")
            // Resources
            .honoured("HostConfig.CpuShares")
            .honoured("HostConfig.Memory")
            .honoured("HostConfig.CgroupParent", "cgroupfs: the container's cgroup is PARENT/<id>")
            .honoured("HostConfig.BlkioWeight", "dropped with dockerd's warning where the kernel has no blkio.weight")
            .honoured("HostConfig.BlkioWeightDevice", "dropped with dockerd's warning where the kernel has no blkio.weight_device")
            .honoured("HostConfig.BlkioDeviceReadBps")
            .honoured("HostConfig.BlkioDeviceWriteBps")
            .honoured("HostConfig.BlkioDeviceReadIOps")
            .honoured("HostConfig.BlkioDeviceWriteIOps")
            .honoured("HostConfig.CpuPeriod")
            .honoured("HostConfig.CpuQuota")
            .honoured("HostConfig.CpuRealtimePeriod", "cgroup v1's cpu.rt_period_us")
            .honoured("HostConfig.CpuRealtimeRuntime", "cgroup v1's cpu.rt_runtime_us; the daemon's cpu-rt-runtime is the "
                    + "budget above it")
            .honoured("HostConfig.CpusetCpus")
            .honoured("HostConfig.CpusetMems")
            .honoured("HostConfig.Devices", "host nodes (or directories of them), checked at create and at each start")
            .honoured("HostConfig.DeviceCgroupRules")
            .unsupported("HostConfig.DeviceRequests")
            .unsupported("HostConfig.KernelMemoryTCP")
            .honoured("HostConfig.MemoryReservation")
            .honoured("HostConfig.MemorySwap")
            .honoured("HostConfig.MemorySwappiness", "the cgroup's memory.swappiness, 0..100; null and -1 leave the kernel's")
            .honoured("HostConfig.NanoCpus")
            .honoured("HostConfig.OomKillDisable")
            .honoured("HostConfig.Init")
            .honoured("HostConfig.PidsLimit", "0, -1 and null are unlimited")
            .honoured("HostConfig.Ulimits")
            .unsupported("HostConfig.CpuCount", zero(), "Windows only")
            .unsupported("HostConfig.CpuPercent", zero(), "Windows only")
            .unsupported("HostConfig.IOMaximumIOps", zero(), "Windows only")
            .unsupported("HostConfig.IOMaximumBandwidth", zero(), "Windows only")
            // the rest of HostConfig
            .honoured("HostConfig.Binds", "host paths, named volumes (made when missing) and anonymous ones")
            .inert("HostConfig.ContainerIDFile", "the docker CLI writes the file; dockerd ignores it")
            .object("HostConfig.LogConfig")
            .honoured("HostConfig.LogConfig.Type", "json-file (\"\" = the daemon's log-driver), local, none")
            .honoured("HostConfig.LogConfig.Config", "max-size, max-file, compress; the engine checks them")
            .honoured("HostConfig.NetworkMode", "container:NAME joins NAME's namespace at start")
            .honoured("HostConfig.PortBindings")
            .object("HostConfig.RestartPolicy")
            .honoured("HostConfig.RestartPolicy.Name")
            .honoured("HostConfig.RestartPolicy.MaximumRetryCount")
            .honoured("HostConfig.AutoRemove")
            .honoured("HostConfig.VolumeDriver", "the driver of the volumes the create makes")
            .honoured("HostConfig.VolumesFrom", "the other container's binds and volumes, :ro/:rw")
            .honoured("HostConfig.Mounts", "bind, volume, tmpfs and image with every option of v1.50 (engine/ApiMounts); "
                    + "npipe and cluster are dockerd's Windows and swarm types; Consistency is a Docker Desktop hint, inert "
                    + "on Linux as in dockerd")
            .honoured("HostConfig.ConsoleSize", "with Tty, the terminal's size (rows, columns) from the container's first "
                    + "instant; later sizes come by POST /containers/{id}/resize")
            .honoured("HostConfig.Annotations", "OCI annotations in the runtime's config.json")
            .honoured("HostConfig.CapAdd")
            .honoured("HostConfig.CapDrop")
            .honoured("HostConfig.CgroupnsMode", "host or private; \"\" is dockerd's default (host on cgroup v1, private on v2)")
            .honoured("HostConfig.Dns")
            .honoured("HostConfig.DnsOptions")
            .honoured("HostConfig.DnsSearch")
            .honoured("HostConfig.ExtraHosts")
            .honoured("HostConfig.GroupAdd", "names resolved in the container's /etc/group at start, numbers as given")
            .honoured("HostConfig.IpcMode", "\"\", private, shareable, host, none (no /dev/shm), container:NAME (checked at start)")
            .unsupported("HostConfig.Cgroup")
            .honoured("HostConfig.Links", "legacy links: /etc/hosts entries, on user networks the linked container's address there")
            .honoured("HostConfig.OomScoreAdj")
            .honoured("HostConfig.PidMode", "\"\" (its own), host, container:NAME (checked at start)")
            .honoured("HostConfig.Privileged")
            .honoured("HostConfig.PublishAllPorts")
            .honoured("HostConfig.ReadonlyRootfs")
            .partial("HostConfig.SecurityOpt", each(CreateFields::securityOptHonoured), "",
                    "no-new-privileges, seccomp=unconfined|builtin|<profile JSON>; apparmor=unconfined and "
                            + "label=disable (Berth applies no AppArmor or SELinux profile)")
            .unsupported("HostConfig.StorageOpt")
            .honoured("HostConfig.Tmpfs")
            .partial("HostConfig.UTSMode", text("host"), "", "\"\" (its own) and host")
            .partial("HostConfig.UsernsMode", text("host"), "",
                    "Berth does not remap users: \"\" and \"host\"")
            .honoured("HostConfig.ShmSize")
            .honoured("HostConfig.Sysctls")
            .honoured("HostConfig.Runtime", "runc or a runtime of daemon.json's runtimes (--add-runtime); \"\" the "
                    + "default-runtime; another name is dockerd's 400")
            .partial("HostConfig.Isolation", text("default"), "", "Linux has only \"default\" (or \"\")")
            .honoured("HostConfig.MaskedPaths", "null: Docker's list (none when privileged); [] is systempaths=unconfined")
            .honoured("HostConfig.ReadonlyPaths", "null: Docker's list (none when privileged)")
            .object("NetworkingConfig")
            .object("NetworkingConfig.EndpointsConfig")
            .object("NetworkingConfig.EndpointsConfig.*")
            .with(b -> endpoint(b, ENDPOINT))
            .build();

    private CreateFields() {}

    /** Docker's EndpointSettings under {@code prefix}: a network of the create body, or a connect's endpoint. */
    static FieldTable.Builder endpoint(FieldTable.Builder b, String prefix) {
        return b
                .object(prefix + "IPAMConfig")
                .honoured(prefix + "IPAMConfig.IPv4Address", "user networks only (the engine checks)")
                .honoured(prefix + "IPAMConfig.IPv6Address", "user networks with IPv6 (the engine checks)")
                .honoured(prefix + "IPAMConfig.LinkLocalIPs", "IPv4 addresses added to the interface with a /16")
                .honoured(prefix + "Links", "NAME:ALIAS: ALIAS names NAME on a user network's DNS for this container "
                        + "alone (built-in networks refuse them)")
                .honoured(prefix + "MacAddress", "the interface's MAC inside the container (dockerd's checks; "
                        + "none given: derived from the address)")
                .honoured(prefix + "Aliases", "user networks only (the engine checks)")
                .honoured(prefix + "DriverOpts", "com.docker.network.endpoint.ifname and .sysctls (dockerd's checks); "
                        + "any other key is refused by the engine")
                .honoured(prefix + "GwPriority", "the default route's network: the highest, then not internal, then "
                        + "by name, as dockerd; moves on connect and disconnect")
                .inert(prefix + "NetworkID", "read-only: set by the daemon")
                .inert(prefix + "EndpointID", "read-only: set by the daemon")
                .inert(prefix + "Gateway", "read-only: set by the daemon")
                .inert(prefix + "IPAddress", "read-only: set by the daemon (IPAMConfig asks for an address)")
                .inert(prefix + "IPPrefixLen", "read-only: set by the daemon")
                .inert(prefix + "IPv6Gateway", "read-only: set by the daemon")
                .inert(prefix + "GlobalIPv6Address", "read-only: set by the daemon")
                .inert(prefix + "GlobalIPv6PrefixLen", "read-only: set by the daemon")
                .inert(prefix + "DNSNames", "read-only: set by the daemon");
    }

    private static boolean securityOptHonoured(JsonNode opt) {
        return opt.isTextual() && SECURITY_OPTS.matcher(opt.textValue().toLowerCase(Locale.ROOT).trim()).matches();
    }

}
