package dev.berth.engine;

import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.PortBinding;
import dev.berth.persistence.container.RestartPolicy;
import dev.berth.persistence.container.TmpfsMount;
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
        if (h == null) {
            return HostConfig.defaults();
        }
        long nanoCpus = n(h.nanoCpus());
        if (nanoCpus < 0 || nanoCpus > cpus * 1_000_000_000L) {
            throw EngineException.invalid(String.format(
                    "Range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available", cpus, cpus));
        }
        var restart = h.restartPolicy();
        HostConfig parsed = new HostConfig(h.networkMode(), h.autoRemove(), n(h.memory()), n(h.memorySwap()), nanoCpus,
                n(h.cpuShares()), n(h.pidsLimit()), h.readonlyRootfs(), tmpfs(h.tmpfs()), h.privileged(), h.capAdd(),
                h.capDrop(), h.securityOpt(), h.dns(), h.dnsSearch(), h.dnsOptions(), h.extraHosts(), binds(h.binds()),
                ports(h.portBindings()), h.publishAllPorts(),
                restart == null ? RestartPolicy.NO : RestartPolicy.of(restart.name(), restart.maximumRetryCount()),
                h.cpusetCpus(), h.cpusetMems(), h.init());
        // the lists' form is HostConfig's to check; whether this host has those CPUs, the edge's
        HostCpusets.check(parsed.cpusetCpus(), parsed.cpusetMems());
        return parsed;
    }

    /** Inspect's {@code HostConfig}: the user's values, Docker's defaults for what Berth does not model. */
    static dev.berth.api.model.HostConfig render(HostConfig h) {
        Map<String, List<dev.berth.api.model.HostConfig.PortBinding>> ports = new TreeMap<>();
        for (PortBinding p : h.portBindings()) {
            ports.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(new dev.berth.api.model.HostConfig.PortBinding(
                    p.hostIp(), p.hostPort() == 0 ? "" : Integer.toString(p.hostPort())));
        }
        Map<String, String> tmpfs = new TreeMap<>();
        h.tmpfs().forEach(t -> tmpfs.put(t.target(), t.optionString()));
        var restart = h.restartPolicy();
        return new dev.berth.api.model.HostConfig(h.binds().stream().map(BindMount::spec).toList(), h.networkMode(),
                ports, new dev.berth.api.model.HostConfig.RestartPolicy(restart.name().word(), restart.maximumRetryCount()),
                h.autoRemove(), "", null, null, h.capAdd(), h.capDrop(), h.dns(), h.dnsOptions(), h.dnsSearch(),
                h.extraHosts(), null, "private", "", h.privileged(), h.publishAllPorts(), h.readonlyRootfs(),
                h.securityOpt(), tmpfs, "", 64L * 1024 * 1024, null, "runc",
                new dev.berth.api.model.HostConfig.LogConfig("k8s-file", Map.of()), h.memory(), h.memorySwap(), 0L,
                h.nanoCpus(), h.cpuShares(), 0L, 0L, h.cpusetCpus(), h.cpusetMems(), h.pidsLimit(), null, false, h.init());
    }

    private static List<TmpfsMount> tmpfs(Map<String, String> tmpfs) {
        List<TmpfsMount> out = new ArrayList<>();
        if (tmpfs != null) {
            tmpfs.forEach((target, options) -> out.add(TmpfsMount.parse(target, options)));
        }
        return out;
    }

    private static List<BindMount> binds(List<String> binds) {
        return binds == null ? List.of() : binds.stream().map(BindMount::parse).toList();
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
