package dev.berth.engine;

import dev.berth.api.model.ContainerStatsResponse;
import dev.berth.api.model.ContainerStatsResponse.BlkioEntry;
import dev.berth.api.model.ContainerStatsResponse.BlkioStats;
import dev.berth.api.model.ContainerStatsResponse.CpuStats;
import dev.berth.api.model.ContainerStatsResponse.CpuUsage;
import dev.berth.api.model.ContainerStatsResponse.MemoryStats;
import dev.berth.api.model.ContainerStatsResponse.NetworkStats;
import dev.berth.api.model.ContainerStatsResponse.PidsStats;
import dev.berth.api.model.ContainerStatsResponse.ThrottlingData;
import dev.berth.spi.runtime.ResourceUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A runtime's {@link ResourceUsage} samples in Docker's stats JSON. */
final class StatsDtos {

    private StatsDtos() {}

    /**
     * @param previous the sample a second earlier, or null: then {@code precpu_stats} and {@code preread}
     *                 are zero, and the CLI shows 0% CPU for this sample (as with dockerd's one-shot)
     */
    static ContainerStatsResponse of(String name, String id, ResourceUsage now, ResourceUsage previous) {
        Map<String, NetworkStats> networks = new LinkedHashMap<>();
        now.networks().forEach((iface, n) -> networks.put(iface, new NetworkStats(n.rxBytes(), n.rxPackets(),
                n.rxErrors(), n.rxDropped(), n.txBytes(), n.txPackets(), n.txErrors(), n.txDropped())));
        var m = now.memory();
        List<BlkioEntry> io = now.blockIo().stream().map(b -> new BlkioEntry(b.major(), b.minor(), b.op(), b.value())).toList();
        return new ContainerStatsResponse("/" + name, id, HumanTime.rfc3339(now.read()),
                HumanTime.rfc3339(previous == null ? null : previous.read()),
                new PidsStats(now.pids().current(), now.pids().limit()), BlkioStats.of(io), 0, Map.of(),
                cpu(now.cpu()), previous == null ? CpuStats.EMPTY : cpu(previous.cpu()),
                new MemoryStats(m.usage(), m.maxUsage(), new TreeMap<>(m.stats()), m.failcnt(), m.limit()),
                networks.isEmpty() ? null : networks);
    }

    /** What dockerd answers for a container that does not run: its name and id, zeros elsewhere. */
    static ContainerStatsResponse stopped(String name, String id) {
        return new ContainerStatsResponse("/" + name, id, HumanTime.rfc3339(null), HumanTime.rfc3339(null),
                new PidsStats(0, 0), BlkioStats.of(null), 0, Map.of(), CpuStats.EMPTY, CpuStats.EMPTY,
                new MemoryStats(0, 0, Map.of(), 0, 0), null);
    }

    private static CpuStats cpu(ResourceUsage.Cpu c) {
        return new CpuStats(new CpuUsage(c.total(), c.perCpu(), c.system(), c.user()), c.host(), c.onlineCpus(),
                new ThrottlingData(c.periods(), c.throttledPeriods(), c.throttledTime()));
    }
}
