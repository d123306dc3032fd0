package dev.berth.persistence.container;

import java.util.List;
import java.util.Map;

/**
 * How the host runs the container (Docker's {@code HostConfig}), as validated at create. Limits of 0
 * mean "none".
 *
 * @param networkMode {@code none}, {@code host}, {@code bridge}/{@code default}, or a network name
 * @param tmpfs       mount point → options
 * @param portBindings "80/tcp" → list of "hostIp:hostPort" (either part may be empty)
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
        Map<String, String> tmpfs,
        boolean privileged,
        List<String> capAdd,
        List<String> capDrop,
        List<String> securityOpt,
        List<String> dns,
        List<String> dnsSearch,
        List<String> dnsOptions,
        List<String> extraHosts,
        List<String> binds,
        Map<String, List<String>> portBindings,
        boolean publishAllPorts,
        String restartPolicy,
        int restartMaxRetries) {

    public HostConfig {
        networkMode = networkMode == null || networkMode.isEmpty() ? "default" : networkMode;
        tmpfs = tmpfs == null ? Map.of() : Map.copyOf(tmpfs);
        capAdd = copy(capAdd);
        capDrop = copy(capDrop);
        securityOpt = copy(securityOpt);
        dns = copy(dns);
        dnsSearch = copy(dnsSearch);
        dnsOptions = copy(dnsOptions);
        extraHosts = copy(extraHosts);
        binds = copy(binds);
        portBindings = portBindings == null ? Map.of() : Map.copyOf(portBindings);
        restartPolicy = restartPolicy == null || restartPolicy.isEmpty() ? "no" : restartPolicy;
    }

    private static List<String> copy(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
