package dev.berth.persistence.container;

import dev.berth.spi.EngineException;

/** dockerd's checks of the CFS quota/period, the memory reservation and the OOM score, with its wording. */
final class CpuAndMemoryLimits {
    private CpuAndMemoryLimits() {}

    static void check(long nanoCpus, long cpuQuota, long cpuPeriod, long memory, long memoryReservation,
                      int oomScoreAdj) {
        if (nanoCpus > 0 && cpuPeriod > 0) {
            throw EngineException.invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (nanoCpus > 0 && cpuQuota > 0) {
            throw EngineException.invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        if (cpuPeriod != 0 && (cpuPeriod < 1000 || cpuPeriod > 1_000_000)) {
            throw EngineException.invalid(
                    "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        if (cpuQuota > 0 && cpuQuota < 1000) {
            throw EngineException.invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        if (memory > 0 && memoryReservation > 0 && memory < memoryReservation) {
            throw EngineException.invalid(
                    "Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        if (memoryReservation > 0 && memoryReservation < HostConfig.MIN_MEMORY) {
            throw EngineException.invalid("Minimum memory reservation allowed is 6MB");
        }
        checkOomScoreAdj(oomScoreAdj);
    }

    /** dockerd's range for {@code OomScoreAdj}, a Go int on the wire: any 64-bit value is answered with it. */
    static void checkOomScoreAdj(long oomScoreAdj) {
        if (oomScoreAdj < -1000 || oomScoreAdj > 1000) {
            throw EngineException.invalid("Invalid value " + oomScoreAdj + ", range for oom score adj is [-1000, 1000]");
        }
    }
}
