package dev.berth.daemon.backend;

import dev.berth.api.model.ContainerCreateRequest;
import dev.berth.api.model.ContainerInspect;
import dev.berth.api.model.ContainerSummary;
import dev.berth.api.model.DriverData;
import dev.berth.api.model.EndpointSettings;
import dev.berth.api.model.NetworkSettings;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Docker's container JSON from the engine's records, and back. */
final class ContainerDtos {
    private final Path dataRoot;

    ContainerDtos(Path dataRoot) {
        this.dataRoot = dataRoot;
    }

    static ContainerConfig config(ContainerCreateRequest r) {
        return new ContainerConfig(r.image() == null ? "" : r.image(), r.hostname(), r.domainname(), r.user(), r.env(),
                r.cmd(), r.entrypoint(), r.workingDir(), r.labels(), keys(r.exposedPorts()), keys(r.volumes()),
                r.tty(), r.openStdin(), r.stopSignal(), r.stopTimeout());
    }

    static HostConfig hostConfig(dev.berth.api.model.HostConfig h) {
        if (h == null) {
            return new HostConfig(null, false, 0, 0, 0, 0, 0, false, null, false, null, null, null, null, null, null,
                    null, null, null, false, null, 0);
        }
        Map<String, List<String>> ports = new TreeMap<>();
        if (h.portBindings() != null) {
            h.portBindings().forEach((port, bindings) -> ports.put(port, bindings == null ? List.of()
                    : bindings.stream().map(b -> nz(b.hostIp()) + ":" + nz(b.hostPort())).toList()));
        }
        var restart = h.restartPolicy();
        return new HostConfig(h.networkMode(), h.autoRemove(), n(h.memory()), n(h.memorySwap()), n(h.nanoCpus()),
                n(h.cpuShares()), n(h.pidsLimit()), h.readonlyRootfs(), h.tmpfs(), h.privileged(), h.capAdd(),
                h.capDrop(), h.securityOpt(), h.dns(), h.dnsSearch(), h.dnsOptions(), h.extraHosts(), h.binds(), ports,
                h.publishAllPorts(), restart == null ? null : restart.name(),
                restart == null ? 0 : restart.maximumRetryCount());
    }

    ContainerSummary summary(ContainerState s, Long sizeRw, Long sizeRootFs) {
        ContainerInfo i = s.info();
        String mode = i.hostConfig().networkMode();
        return new ContainerSummary(i.id(), List.of("/" + i.name()), i.config().image(), i.imageId(),
                String.join(" ", i.config().argv()), i.created().getEpochSecond(), List.of(), sizeRw, sizeRootFs,
                i.config().labels(), s.status(), status(s),
                new ContainerSummary.HostConfigSummary(mode),
                new ContainerSummary.NetworkSummary(networks(mode)), List.of());
    }

    /** Docker's human status column: {@code Up 5 seconds}, {@code Exited (0) 2 minutes ago}, {@code Created}. */
    static String status(ContainerState s) {
        ContainerInfo i = s.info();
        if (s instanceof ContainerState.Running) {
            return "Up " + HumanTime.since(i.startedAt());
        }
        if (s instanceof ContainerState.Stopped && i.finishedAt() != null) {
            return "Exited (" + i.exitCode() + ") " + HumanTime.since(i.finishedAt()) + " ago";
        }
        return "Created";
    }

    ContainerInspect inspect(ContainerState s, Long sizeRw, Long sizeRootFs, int pid) {
        ContainerInfo i = s.info();
        var c = i.config();
        List<String> argv = c.argv();
        Path dir = dataRoot.resolve("containers").resolve(i.id());
        boolean running = s instanceof ContainerState.Running;
        var state = new dev.berth.api.model.ContainerState(s.status(), running, false, false, i.oomKilled(), false,
                running ? pid : 0, i.exitCode(), i.error(), HumanTime.rfc3339(i.startedAt()),
                HumanTime.rfc3339(i.finishedAt()), null);
        Map<String, String> graph = new LinkedHashMap<>();
        graph.put("MergedDir", dir.resolve("rootfs").toString());
        graph.put("UpperDir", dir.resolve("overlay/diff").toString());
        graph.put("WorkDir", dir.resolve("overlay/work").toString());
        List<String> lowers = new ArrayList<>();
        for (String layer : i.layers()) {
            lowers.add(0, dataRoot.resolve("layers").resolve(layer.substring(7)).toString());
        }
        graph.put("LowerDir", String.join(":", lowers));
        String mode = i.hostConfig().networkMode();
        return new ContainerInspect(i.id(), HumanTime.rfc3339(i.created()), argv.isEmpty() ? "" : argv.get(0),
                argv.size() > 1 ? argv.subList(1, argv.size()) : List.of(), state, i.imageId(),
                dir.resolve("resolv.conf").toString(), dir.resolve("hostname").toString(),
                dir.resolve("hosts").toString(), dir.resolve("container.log").toString(), "/" + i.name(),
                i.restartCount(), "overlay2", "linux", "", "", "", null, hostConfigDto(i.hostConfig()),
                new DriverData("overlay2", graph), sizeRw, sizeRootFs, List.of(), configDto(i), new NetworkSettings(
                        "", "", "", Map.of(), networks(mode)));
    }

    private static Map<String, EndpointSettings> networks(String mode) {
        String name = "default".equals(mode) || "bridge".equals(mode) ? "none" : mode;
        return Map.of(name, new EndpointSettings(null, null, null, "", null, "", "", "", "", 0, "", "", 0, null));
    }

    private static dev.berth.api.model.ContainerConfig configDto(ContainerInfo i) {
        ContainerConfig c = i.config();
        String hostname = c.hostname().isEmpty() ? i.id().substring(0, 12) : c.hostname();
        return new dev.berth.api.model.ContainerConfig(hostname, c.domainname(), c.user(), false, !c.openStdin(),
                true, set(c.exposedPorts()), c.tty(), c.openStdin(), false, c.env(), c.cmd().isEmpty() ? null : c.cmd(),
                null, c.image(), set(c.volumes()), c.workingDir(), c.entrypoint().isEmpty() ? null : c.entrypoint(),
                null, c.labels(), c.stopSignal(), c.stopTimeout());
    }

    private static dev.berth.api.model.HostConfig hostConfigDto(HostConfig h) {
        Map<String, List<dev.berth.api.model.HostConfig.PortBinding>> ports = new TreeMap<>();
        h.portBindings().forEach((port, list) -> ports.put(port, list.stream().map(b -> {
            int colon = b.lastIndexOf(':');
            return new dev.berth.api.model.HostConfig.PortBinding(b.substring(0, colon), b.substring(colon + 1));
        }).toList()));
        return new dev.berth.api.model.HostConfig(h.binds(), h.networkMode(), ports,
                new dev.berth.api.model.HostConfig.RestartPolicy(h.restartPolicy(), h.restartMaxRetries()),
                h.autoRemove(), "", null, null, h.capAdd(), h.capDrop(), h.dns(), h.dnsOptions(), h.dnsSearch(),
                h.extraHosts(), null, "private", "", h.privileged(), h.publishAllPorts(), h.readonlyRootfs(),
                h.securityOpt(), h.tmpfs(), "", 64L * 1024 * 1024, null, "runc",
                new dev.berth.api.model.HostConfig.LogConfig("k8s-file", Map.of()), h.memory(), h.memorySwap(), 0L,
                h.nanoCpus(), h.cpuShares(), 0L, 0L, "", h.pidsLimit(), null, false, null);
    }

    private static Map<String, Object> set(List<String> keys) {
        if (keys.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new TreeMap<>();
        keys.forEach(k -> m.put(k, Map.of()));
        return m;
    }

    private static List<String> keys(Map<String, Object> m) {
        return m == null ? List.of() : List.copyOf(new java.util.TreeSet<>(m.keySet()));
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
