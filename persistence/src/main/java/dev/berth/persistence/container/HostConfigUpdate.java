package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.spi.EngineException;

/**
 * What {@code docker update} changes in a container's {@link HostConfig}: each field null when it stays
 * as it is. Validated when made (Docker's messages), and again as a whole when applied, so a journaled
 * update always folds into a valid host config.
 *
 * @param memory        bytes, at least {@link HostConfig#MIN_MEMORY}
 * @param memorySwap    bytes of memory and swap together; -1 unlimited swap
 * @param nanoCpus      CPUs in units of 10<sup>-9</sup>; 0 removes the limit
 * @param cpuShares     relative weight
 * @param pidsLimit     0 removes the limit (Docker's -1 and 0 both mean unlimited)
 * @param restartPolicy the new policy
 * @param cpusetCpus    the CPUs allowed ({@code 0-2,4})
 * @param cpusetMems    the memory nodes allowed
 * @param cpuQuota      CFS quota in µs (absent in older journals, as every field added later: unchanged)
 * @param cpuPeriod     CFS period in µs
 * @param memoryReservation soft memory limit in bytes
 * @param blkioWeight   block I/O weight, 10..1000
 * @param cpuRealtimePeriod  {@code cpu.rt_period_us} (journaled only when set)
 * @param cpuRealtimeRuntime {@code cpu.rt_runtime_us} (journaled only when set)
 */
public record HostConfigUpdate(Long memory, Long memorySwap, Long nanoCpus, Long cpuShares, Long pidsLimit,
                               RestartPolicy restartPolicy, String cpusetCpus, String cpusetMems, Long cpuQuota,
                               Long cpuPeriod, Long memoryReservation, Integer blkioWeight,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Long cpuRealtimePeriod,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Long cpuRealtimeRuntime) {

    /** Without the CPU real-time budget. */
    public HostConfigUpdate(Long memory, Long memorySwap, Long nanoCpus, Long cpuShares, Long pidsLimit,
                            RestartPolicy restartPolicy, String cpusetCpus, String cpusetMems, Long cpuQuota,
                            Long cpuPeriod, Long memoryReservation, Integer blkioWeight) {
        this(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, restartPolicy, cpusetCpus, cpusetMems, cpuQuota,
                cpuPeriod, memoryReservation, blkioWeight, null, null);
    }

    /** Without the CFS limits, the reservation and the block I/O weight. */
    public HostConfigUpdate(Long memory, Long memorySwap, Long nanoCpus, Long cpuShares, Long pidsLimit,
                            RestartPolicy restartPolicy, String cpusetCpus, String cpusetMems) {
        this(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, restartPolicy, cpusetCpus, cpusetMems, null, null,
                null, null);
    }

    /** Without cpusets. */
    public HostConfigUpdate(Long memory, Long memorySwap, Long nanoCpus, Long cpuShares, Long pidsLimit,
                            RestartPolicy restartPolicy) {
        this(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, restartPolicy, null, null);
    }

    public HostConfigUpdate {
        cpusetCpus = cpusetCpus == null || cpusetCpus.isEmpty() ? null : cpusetCpus;
        cpusetMems = cpusetMems == null || cpusetMems.isEmpty() ? null : cpusetMems;
        if (cpusetCpus != null) {
            CpusetList.check(cpusetCpus, "cpus");
        }
        if (cpusetMems != null) {
            CpusetList.check(cpusetMems, "mems");
        }
        if (memory != null && memory < HostConfig.MIN_MEMORY) {
            throw EngineException.invalid("Minimum memory limit allowed is 6MB");
        }
        if (memorySwap != null && memorySwap < -1) {
            throw EngineException.invalid("invalid memory-swap: " + memorySwap);
        }
        if (cpuShares != null && cpuShares < 0) {
            throw EngineException.invalid("invalid CPU shares: " + cpuShares + ": must be a positive number");
        }
        if (nanoCpus != null && nanoCpus < 0) {
            throw EngineException.invalid("Range of CPUs is from 0.01 to the number of CPUs available");
        }
        if (pidsLimit != null && pidsLimit < 0) {
            pidsLimit = 0L;
        }
        if (memoryReservation != null && memoryReservation < HostConfig.MIN_MEMORY) {
            throw EngineException.invalid("Minimum memory reservation allowed is 6MB");
        }
        if (blkioWeight != null && (blkioWeight < 10 || blkioWeight > 1000)) {
            throw EngineException.invalid("Range of blkio weight is from 10 to 1000");
        }
    }

    /** Whether anything but the restart policy changes (only those need the runtime). */
    public boolean changesResources() {
        return memory != null || memorySwap != null || nanoCpus != null || cpuShares != null || pidsLimit != null
                || cpusetCpus != null || cpusetMems != null || cpuQuota != null || cpuPeriod != null
                || memoryReservation != null || blkioWeight != null || cpuRealtimePeriod != null
                || cpuRealtimeRuntime != null;
    }

    /**
     * This update checked against what the container has now, with Docker's rules: a memory limit above
     * the memory+swap limit already set needs the swap limit in the same update; the implicit swap limit
     * (twice the memory, {@code memorySwap} 0) is pinned when only the memory changes, as Docker stores it.
     */
    public HostConfigUpdate against(HostConfig current) {
        // --cpus sets the period and quota itself: one way or the other, as dockerd keeps them apart
        if (nanoCpus != null && nanoCpus > 0 && current.cpuPeriod() > 0) {
            throw EngineException.invalid("Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set");
        }
        if (nanoCpus != null && nanoCpus > 0 && current.cpuQuota() > 0) {
            throw EngineException.invalid("Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
        }
        if (cpuPeriod != null && cpuPeriod > 0 && current.nanoCpus() > 0) {
            throw EngineException.invalid("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
        }
        if (cpuQuota != null && cpuQuota > 0 && current.nanoCpus() > 0) {
            throw EngineException.invalid("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        }
        Long swap = memorySwap;
        if (memory != null && swap == null) {
            long effective = current.memorySwap() == 0 && current.memory() > 0 ? 2 * current.memory() : current.memorySwap();
            if (effective > 0 && memory > effective) {
                throw EngineException.invalid("Memory limit should be smaller than already set memoryswap limit, "
                        + "update the memoryswap at the same time");
            }
            swap = current.memorySwap() == 0 && current.memory() > 0 ? Long.valueOf(effective) : null;
        }
        if (swap != null && swap > 0 && memory == null && current.memory() == 0) {
            throw EngineException.invalid("You should always set the Memory limit when using Memoryswap limit, "
                    + "see usage");
        }
        if (restartPolicy != null && restartPolicy.name() != RestartPolicy.Name.NO && current.autoRemove()) {
            throw EngineException.invalid("Restart policy cannot be updated because AutoRemove is enabled for the container");
        }
        HostConfigUpdate checked = new HostConfigUpdate(memory, swap, nanoCpus, cpuShares, pidsLimit, restartPolicy,
                cpusetCpus, cpusetMems, cpuQuota, cpuPeriod, memoryReservation, blkioWeight, cpuRealtimePeriod,
                cpuRealtimeRuntime);
        checked.applyTo(current); // the combined limits (swap at least memory) are HostConfig's to check
        return checked;
    }

    /** The host config with this update applied. */
    public HostConfig applyTo(HostConfig h) {
        return h.toBuilder()
                .memory(or(memory, h.memory()))
                .memorySwap(or(memorySwap, h.memorySwap()))
                .nanoCpus(or(nanoCpus, h.nanoCpus()))
                .cpuShares(or(cpuShares, h.cpuShares()))
                .pidsLimit(or(pidsLimit, h.pidsLimit()))
                .restartPolicy(restartPolicy == null ? h.restartPolicy() : restartPolicy)
                .cpusetCpus(cpusetCpus == null ? h.cpusetCpus() : cpusetCpus)
                .cpusetMems(cpusetMems == null ? h.cpusetMems() : cpusetMems)
                .cpuQuota(or(cpuQuota, h.cpuQuota()))
                .cpuPeriod(or(cpuPeriod, h.cpuPeriod()))
                .memoryReservation(or(memoryReservation, h.memoryReservation()))
                .blkio(blkioWeight == null ? h.blkio() : h.blkio().withWeight(blkioWeight))
                .cpuRealtime(cpuRealtimePeriod == null && cpuRealtimeRuntime == null ? h.cpuRealtime()
                        : CpuRealtime.of(or(cpuRealtimePeriod, h.cpuRealtime() == null ? 0 : h.cpuRealtime().period()),
                                or(cpuRealtimeRuntime, h.cpuRealtime() == null ? 0 : h.cpuRealtime().runtime())))
                .build();
    }

    private static long or(Long value, long current) {
        return value == null ? current : value;
    }
}
