package dev.berth.spi.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One sample of what a running container uses, as its cgroup and network namespace count it. Times are
 * nanoseconds, sizes bytes; a counter the host does not keep is 0.
 *
 * @param read     when the sample was taken
 * @param networks per interface inside the container's network namespace (loopback left out)
 */
public record ResourceUsage(Instant read, Cpu cpu, Memory memory, Pids pids, Map<String, NetworkIo> networks,
                            List<BlockIo> blockIo) {

    public ResourceUsage {
        networks = Map.copyOf(networks);
        blockIo = List.copyOf(blockIo);
    }

    /**
     * @param total      CPU time of the container's processes
     * @param perCpu     the same, per host CPU (empty where the cgroup does not split it, as on v2)
     * @param host       the whole host's CPU time since boot (Docker's {@code system_cpu_usage})
     * @param onlineCpus CPUs the host has online
     */
    public record Cpu(long total, List<Long> perCpu, long user, long system, long host, int onlineCpus,
                      long periods, long throttledPeriods, long throttledTime) {
        public Cpu {
            perCpu = List.copyOf(perCpu);
        }
    }

    /**
     * @param limit the cgroup's limit, or the host's memory when there is none
     * @param stats the cgroup's own counters by their names in the cgroup's stat file
     */
    public record Memory(long usage, long maxUsage, long limit, long failcnt, Map<String, Long> stats) {
        public Memory {
            stats = Map.copyOf(stats);
        }
    }

    /** @param limit 0 when unlimited */
    public record Pids(long current, long limit) {}

    public record NetworkIo(long rxBytes, long rxPackets, long rxErrors, long rxDropped,
                            long txBytes, long txPackets, long txErrors, long txDropped) {}

    /** One line of the block I/O byte counters: device numbers, operation (Read, Write, …) and bytes. */
    public record BlockIo(long major, long minor, String op, long value) {}
}
