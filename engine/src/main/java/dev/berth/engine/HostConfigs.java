package dev.berth.engine;

import dev.berth.persistence.container.BindEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.Blkio;
import dev.berth.persistence.container.CpuRealtime;
import dev.berth.persistence.container.DeviceCgroupRule;
import dev.berth.persistence.container.DeviceMapping;
import dev.berth.persistence.container.GivenAs;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.LogConfig;
import dev.berth.persistence.container.Link;
import dev.berth.persistence.container.PortBinding;
import dev.berth.persistence.container.RestartPolicy;
import dev.berth.persistence.container.SystemPaths;
import dev.berth.persistence.container.TmpfsMount;
import dev.berth.persistence.container.VolumeBind;
import dev.berth.api.model.InspectHostConfig;
import dev.berth.persistence.container.Ulimit;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Docker's {@code HostConfig} JSON to the journaled {@link HostConfig} at create — where each value
 * becomes a type and is checked, once — and back for inspect, as the user gave it.
 */
final class HostConfigs {
    private HostConfigs() {}

    /** @param cpus this host's CPUs: {@code NanoCpus} may not ask for more */
    static HostConfig parse(dev.berth.api.model.HostConfig h, int cpus) {
        return parse(h, cpus, LogConfig.DEFAULT);
    }

    /** @param daemonLog the daemon's {@code log-driver} and {@code log-opts}, for a create that names no driver */
    static HostConfig parse(dev.berth.api.model.HostConfig h, int cpus, LogConfig daemonLog) {
        if (h == null) {
            return HostConfig.builder().logConfig(LogConfig.of(null, null, daemonLog)).build();
        }
        var log = h.logConfig();
        long nanoCpus = n(h.nanoCpus());
        if (nanoCpus < 0 || nanoCpus > cpus * 1_000_000_000L) {
            throw EngineException.invalid(String.format(
                    "Range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available", cpus, cpus));
        }
        var restart = h.restartPolicy();
        List<BindMount> binds = new ArrayList<>();
        List<VolumeBind> volumes = new ArrayList<>();
        for (String spec : h.binds() == null ? List.<String>of() : h.binds()) {
            BindEntry entry = BindMount.parseEntry(spec);
            if (entry instanceof BindMount b) {
                binds.add(b);
            } else {
                volumes.add((VolumeBind) entry);
            }
        }
        List<TmpfsMount> tmpfs = tmpfs(h.tmpfs());
        ApiMounts.Parsed mounts = ApiMounts.parse(h.mounts());
        binds.addAll(mounts.binds());
        volumes.addAll(mounts.volumes());
        tmpfs.addAll(mounts.tmpfs());
        HostConfig parsed = HostConfig.builder()
                .imageMounts(mounts.images())
                .networkMode(h.networkMode())
                .autoRemove(h.autoRemove())
                .memory(n(h.memory()))
                .memorySwap(n(h.memorySwap()))
                .nanoCpus(nanoCpus)
                .cpuShares(n(h.cpuShares()))
                .pidsLimit(n(h.pidsLimit()))
                .readonlyRootfs(h.readonlyRootfs())
                .tmpfs(tmpfs)
                .privileged(h.privileged())
                .capAdd(h.capAdd())
                .capDrop(h.capDrop())
                .securityOpt(h.securityOpt())
                .dns(h.dns())
                .dnsSearch(h.dnsSearch())
                .dnsOptions(h.dnsOptions())
                .extraHosts(h.extraHosts())
                .binds(binds)
                .portBindings(ports(h.portBindings()))
                .publishAllPorts(h.publishAllPorts())
                .restartPolicy(restart == null ? RestartPolicy.NO
                        : RestartPolicy.of(restart.name(), restart.maximumRetryCount()))
                .cpusetCpus(h.cpusetCpus())
                .cpusetMems(h.cpusetMems())
                .volumes(volumes)
                .volumeDriver(h.volumeDriver())
                .volumesFrom(h.volumesFrom())
                .init(h.init())
                .shmSize(n(h.shmSize()))
                .ulimits(ulimits(h.ulimits()))
                .sysctls(h.sysctls())
                .cpuQuota(n(h.cpuQuota()))
                .cpuPeriod(n(h.cpuPeriod()))
                .memoryReservation(n(h.memoryReservation()))
                .oomScoreAdj(h.oomScoreAdj() == null ? 0 : h.oomScoreAdj())
                .oomKillDisable(Boolean.TRUE.equals(h.oomKillDisable()))
                .ipcMode(h.ipcMode())
                .pidMode(h.pidMode())
                .utsMode(h.utsMode())
                .logConfig(LogConfig.of(log == null ? null : log.type(), log == null ? null : log.config(), daemonLog))
                .groupAdd(h.groupAdd())
                .cgroupnsMode(h.cgroupnsMode() == null || h.cgroupnsMode().isEmpty() ? defaultCgroupns()
                        : h.cgroupnsMode())
                .cgroupParent(h.cgroupParent())
                .links(h.links() == null ? List.of() : h.links().stream().map(Link::parse).toList())
                .devices(devices(h.devices()))
                .deviceCgroupRules(h.deviceCgroupRules() == null ? List.of()
                        : h.deviceCgroupRules().stream().map(DeviceCgroupRule::parse).toList())
                .blkio(blkio(h).blkio())
                // dockerd writes its defaults in at create; privileged containers have none
                .maskedPaths(h.maskedPaths() == null && !h.privileged() ? SystemPaths.MASKED : h.maskedPaths())
                .readonlyPaths(h.readonlyPaths() == null && !h.privileged() ? SystemPaths.READONLY : h.readonlyPaths())
                .memorySwappiness(h.memorySwappiness())
                .cpuRealtime(CpuRealtime.of(n(h.cpuRealtimePeriod()), n(h.cpuRealtimeRuntime())))
                .annotations(h.annotations())
                .consoleSize(h.consoleSize())
                .build();
        // the lists' form is HostConfig's to check; whether this host has those CPUs, the edge's
        HostCpusets.check(parsed.cpusetCpus(), parsed.cpusetMems());
        if (parsed.memorySwappiness() != null && !HostFacts.memorySwappiness()) {
            // dockerd drops it with a warning; Berth says so instead of creating a container without it
            throw EngineException.invalid("HostConfig.MemorySwappiness is not supported on this host: "
                    + "its memory cgroup has no memory.swappiness (cgroup v2)");
        }
        if (parsed.cpuRealtime() != null && !HostFacts.cpuRealtime()) {
            throw EngineException.invalid("kernel does not support CPU real-time scheduler");
        }
        HostDevices.check(parsed.devices());
        return parsed;
    }

    /** The block I/O limits this kernel can apply, and dockerd's warnings for the rest. */
    static HostBlkio.Fitted blkio(dev.berth.api.model.HostConfig h) {
        if (h == null) {
            return new HostBlkio.Fitted(Blkio.NONE, List.of());
        }
        return HostBlkio.fit(h.blkioWeight() == null ? 0 : h.blkioWeight(),
                list(h.blkioWeightDevice()).stream().map(w -> new Blkio.WeightDevice(w.path(), w.weight())).toList(),
                throttles(h.blkioDeviceReadBps()), throttles(h.blkioDeviceWriteBps()),
                throttles(h.blkioDeviceReadIOps()), throttles(h.blkioDeviceWriteIOps()), HostBlkio.Support.ofHost());
    }

    private static List<Blkio.ThrottleDevice> throttles(List<dev.berth.api.model.HostConfig.ThrottleDevice> list) {
        return list(list).stream().map(t -> new Blkio.ThrottleDevice(t.path(), t.rate())).toList();
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** dockerd's create warnings for a host config it accepts, after {@code others}. */
    static List<String> warnings(HostConfig h, List<String> others) {
        List<String> out = new ArrayList<>(others);
        if (h.oomKillDisable() && h.memory() <= 0) {
            out.add("OOM killer is disabled for the container, but no memory limit is set, this can result in the "
                    + "system running out of resources.");
        }
        // dockerd's warning for the host's network; the same for none, where dockerd drops them without a word
        if (!h.portBindings().isEmpty() && (h.networkMode().equals("host") || h.networkMode().equals("none"))) {
            out.add("Published ports are discarded when using " + h.networkMode() + " network mode");
        }
        return out;
    }

    /** Inspect's {@code HostConfig}: the user's values, Docker's defaults for what Berth does not model. */
    static InspectHostConfig render(HostConfig h) {
        return render(h, "");
    }

    /**
     * In dockerd 28's field order, with its values for a container the docker CLI created: lists the CLI sends
     * as null ({@code Binds}, {@code CapAdd}, {@code CapDrop}, {@code ExtraHosts}, {@code SecurityOpt}) are null
     * when empty, {@code Ulimits} is [], a {@code PidsLimit} of 0 or less and an unset swappiness are null.
     *
     * @param name the container's, which its links are shown under
     */
    static InspectHostConfig render(HostConfig h, String name) {
        Map<String, List<dev.berth.api.model.HostConfig.PortBinding>> ports = new TreeMap<>();
        for (PortBinding p : h.portBindings()) {
            ports.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(new dev.berth.api.model.HostConfig.PortBinding(
                    p.hostIp(), p.hostPortText()));
        }
        Map<String, String> tmpfs = new TreeMap<>();
        h.tmpfs().stream().filter(t -> t.given() == GivenAs.TMPFS).forEach(t -> tmpfs.put(t.target(), t.optionString()));
        var restart = h.restartPolicy();
        List<String> binds = new ArrayList<>(h.binds().stream().filter(b -> b.given() == GivenAs.BINDS)
                .map(BindMount::spec).toList());
        h.volumes().stream().filter(v -> v.given() == GivenAs.BINDS).map(VolumeBind::spec).forEach(binds::add);
        return new InspectHostConfig(nullIfEmpty(binds), "",
                new dev.berth.api.model.HostConfig.LogConfig(h.logConfig().type().word(), h.logConfig().config()),
                h.networkMode(), ports,
                new dev.berth.api.model.HostConfig.RestartPolicy(restart.name().word(), restart.maximumRetryCount()),
                h.autoRemove(), h.volumeDriver(), nullIfEmpty(h.volumesFrom()),
                h.consoleSize().isEmpty() ? NO_CONSOLE_SIZE : h.consoleSize(), h.annotations(),
                nullIfEmpty(h.capAdd()), nullIfEmpty(h.capDrop()),
                h.cgroupnsMode().isEmpty() ? defaultCgroupns() : h.cgroupnsMode(),
                h.dns(), h.dnsOptions(), h.dnsSearch(), nullIfEmpty(h.extraHosts()), nullIfEmpty(h.groupAdd()),
                h.ipcMode(), "", h.links().isEmpty() ? null : h.links().stream().map(l -> l.render(name)).toList(),
                h.oomScoreAdj(), h.pidMode(), h.privileged(), h.publishAllPorts(), h.readonlyRootfs(),
                nullIfEmpty(h.securityOpt()), null, tmpfs, h.utsMode(), "", h.effectiveShmSize(), h.sysctls(),
                h.runtime(), "",
                h.cpuShares(), h.memory(), h.nanoCpus(), h.cgroupParent(), h.blkio().weight(),
                h.blkio().weightDevices().stream()
                        .map(w -> new dev.berth.api.model.HostConfig.WeightDevice(w.path(), w.weight())).toList(),
                renderThrottles(h.blkio().readBps()), renderThrottles(h.blkio().writeBps()),
                renderThrottles(h.blkio().readIOps()), renderThrottles(h.blkio().writeIOps()),
                h.cpuPeriod(), h.cpuQuota(), h.cpuRealtime() == null ? 0 : h.cpuRealtime().period(),
                h.cpuRealtime() == null ? 0 : h.cpuRealtime().runtime(), h.cpusetCpus(), h.cpusetMems(),
                h.devices().stream().map(d -> new dev.berth.api.model.HostConfig.DeviceMapping(d.pathOnHost(),
                        d.pathInContainer(), d.cgroupPermissions())).toList(),
                h.deviceCgroupRules().isEmpty() ? null : h.deviceCgroupRules().stream().map(DeviceCgroupRule::text).toList(),
                null, 0, 0, h.memoryReservation(), h.memorySwap(), h.memorySwappiness(), h.oomKillDisable(),
                h.pidsLimit() > 0 ? h.pidsLimit() : null, renderUlimits(h.ulimits()), 0, 0, 0, 0,
                ApiMounts.render(h),
                h.maskedPaths() == null && !h.privileged() ? SystemPaths.MASKED : h.maskedPaths(),
                h.readonlyPaths() == null && !h.privileged() ? SystemPaths.READONLY : h.readonlyPaths(),
                h.init());
    }

    /** What dockerd shows when no size was given (the docker CLI sends it without a TTY). */
    private static final List<Integer> NO_CONSOLE_SIZE = List.of(0, 0);

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    /** dockerd's default cgroup namespace: the host's on cgroup v1, a private one on v2. */
    private static String defaultCgroupns() {
        return HostFacts.cgroupVersion().equals("2") ? "private" : "host";
    }

    private static List<dev.berth.api.model.HostConfig.ThrottleDevice> renderThrottles(List<Blkio.ThrottleDevice> list) {
        return list.stream().map(t -> new dev.berth.api.model.HostConfig.ThrottleDevice(t.path(), t.rate())).toList();
    }

    private static List<DeviceMapping> devices(List<dev.berth.api.model.HostConfig.DeviceMapping> devices) {
        return devices == null ? List.of() : devices.stream()
                .map(d -> new DeviceMapping(d.pathOnHost(), d.pathInContainer(), d.cgroupPermissions())).toList();
    }

    /** Docker's {@code [{"Name": "nofile", "Soft": 10, "Hard": 20}]}; a missing Soft or Hard is 0, as Go reads it. */
    private static List<Ulimit> ulimits(JsonNode ulimits) {
        List<Ulimit> out = new ArrayList<>();
        if (ulimits != null && ulimits.isArray()) {
            for (JsonNode u : ulimits) {
                out.add(new Ulimit(u.path("Name").asText(""),
                        GoNumbers.read(u.get("Soft"), "Ulimit.HostConfig.Ulimits.Soft", "int64", Long.MAX_VALUE),
                        GoNumbers.read(u.get("Hard"), "Ulimit.HostConfig.Ulimits.Hard", "int64", Long.MAX_VALUE)));
            }
        } else if (ulimits != null && !ulimits.isNull()) {
            throw EngineException.invalid("json: cannot unmarshal " + ulimits.getNodeType().name().toLowerCase()
                    + " into Go struct field Resources.HostConfig.Ulimits of type []*container.Ulimit");
        }
        return out;
    }

    private static JsonNode renderUlimits(List<Ulimit> ulimits) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        ulimits.forEach(u -> out.addObject().put("Name", u.name()).put("Hard", u.hard()).put("Soft", u.soft()));
        return out;
    }

    private static List<TmpfsMount> tmpfs(Map<String, String> tmpfs) {
        List<TmpfsMount> out = new ArrayList<>();
        if (tmpfs != null) {
            tmpfs.forEach((target, options) -> out.add(TmpfsMount.parse(target, options)));
        }
        return out;
    }

    /** A port listed with no bindings (or a null list) is published on any free host port, as before. */
    private static List<PortBinding> ports(Map<String, List<dev.berth.api.model.HostConfig.PortBinding>> bindings) {
        List<PortBinding> out = new ArrayList<>();
        if (bindings == null) {
            return out;
        }
        bindings.forEach((key, list) -> {
            if (list == null || list.isEmpty()) {
                out.add(PortBinding.parse(key, "", ""));
                return;
            }
            for (var b : list) {
                out.add(PortBinding.parse(key, b == null ? "" : b.hostIp(), b == null ? "" : b.hostPort()));
            }
        });
        return out;
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }
}
