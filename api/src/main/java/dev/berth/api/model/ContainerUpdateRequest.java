package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * POST /containers/{id}/update: the fields Berth applies (the rest of Docker's Resources are refused
 * by {@code UpdateFields} unless at their zero value). Zero or null means "leave as it is", as in dockerd;
 * {@code PidsLimit} 0 or -1 lifts the limit.
 */
public record ContainerUpdateRequest(@JsonProperty("Memory") Long memory,
                                     @JsonProperty("MemorySwap") Long memorySwap,
                                     @JsonProperty("NanoCpus") Long nanoCpus,
                                     @JsonProperty("CpuShares") Long cpuShares,
                                     @JsonProperty("PidsLimit") Long pidsLimit,
                                     @JsonProperty("RestartPolicy") HostConfig.RestartPolicy restartPolicy,
                                     @JsonProperty("CpusetCpus") String cpusetCpus,
                                     @JsonProperty("CpusetMems") String cpusetMems,
                                     @JsonProperty("CpuPeriod") Long cpuPeriod,
                                     @JsonProperty("CpuQuota") Long cpuQuota,
                                     @JsonProperty("MemoryReservation") Long memoryReservation,
                                     @JsonProperty("BlkioWeight") @JsonDeserialize(using = Uint16.class) Integer blkioWeight,
                                     @JsonProperty("CpuRealtimePeriod") Long cpuRealtimePeriod,
                                     @JsonProperty("CpuRealtimeRuntime") Long cpuRealtimeRuntime) {

    /** Without the CPU real-time budget. */
    public ContainerUpdateRequest(Long memory, Long memorySwap, Long nanoCpus, Long cpuShares, Long pidsLimit,
                                  HostConfig.RestartPolicy restartPolicy, String cpusetCpus, String cpusetMems,
                                  Long cpuPeriod, Long cpuQuota, Long memoryReservation, Integer blkioWeight) {
        this(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, restartPolicy, cpusetCpus, cpusetMems, cpuPeriod,
                cpuQuota, memoryReservation, blkioWeight, null, null);
    }

    /** Without the CFS, reservation and block I/O fields. */
    public ContainerUpdateRequest(Long memory, Long memorySwap, Long nanoCpus, Long cpuShares, Long pidsLimit,
                                  HostConfig.RestartPolicy restartPolicy, String cpusetCpus, String cpusetMems) {
        this(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, restartPolicy, cpusetCpus, cpusetMems, null, null, null,
                null);
    }
}
