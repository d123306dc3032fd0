package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * GET /containers/{id}/stats: one sample, in Docker's snake_case shape. {@code read} and {@code preread}
 * are RFC 3339 text; a stopped container's sample has Go's zero time and zeros throughout, as dockerd's.
 */
public record ContainerStatsResponse(
        @JsonProperty("name") String name,
        @JsonProperty("id") String id,
        @JsonProperty("read") String read,
        @JsonProperty("preread") String preread,
        @JsonProperty("pids_stats") PidsStats pidsStats,
        @JsonProperty("blkio_stats") BlkioStats blkioStats,
        @JsonProperty("num_procs") int numProcs,
        @JsonProperty("storage_stats") Map<String, Object> storageStats,
        @JsonProperty("cpu_stats") CpuStats cpuStats,
        @JsonProperty("precpu_stats") CpuStats precpuStats,
        @JsonProperty("memory_stats") MemoryStats memoryStats,
        @JsonProperty("networks") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, NetworkStats> networks) {

    public record PidsStats(@JsonProperty("current") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long current,
                            @JsonProperty("limit") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long limit) {}

    /** Only the byte counters are kept; the other lists are null, as dockerd sends them on cgroup v2. */
    public record BlkioStats(@JsonProperty("io_service_bytes_recursive") List<BlkioEntry> ioServiceBytesRecursive,
                             @JsonProperty("io_serviced_recursive") List<BlkioEntry> ioServicedRecursive,
                             @JsonProperty("io_queue_recursive") List<BlkioEntry> ioQueueRecursive,
                             @JsonProperty("io_service_time_recursive") List<BlkioEntry> ioServiceTimeRecursive,
                             @JsonProperty("io_wait_time_recursive") List<BlkioEntry> ioWaitTimeRecursive,
                             @JsonProperty("io_merged_recursive") List<BlkioEntry> ioMergedRecursive,
                             @JsonProperty("io_time_recursive") List<BlkioEntry> ioTimeRecursive,
                             @JsonProperty("sectors_recursive") List<BlkioEntry> sectorsRecursive) {
        public static BlkioStats of(List<BlkioEntry> bytes) {
            return new BlkioStats(bytes, null, null, null, null, null, null, null);
        }
    }

    public record BlkioEntry(@JsonProperty("major") long major, @JsonProperty("minor") long minor,
                             @JsonProperty("op") String op, @JsonProperty("value") long value) {}

    public record CpuStats(@JsonProperty("cpu_usage") CpuUsage cpuUsage,
                           @JsonProperty("system_cpu_usage") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long systemCpuUsage,
                           @JsonProperty("online_cpus") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int onlineCpus,
                           @JsonProperty("throttling_data") ThrottlingData throttlingData) {
        public static final CpuStats EMPTY = new CpuStats(new CpuUsage(0, null, 0, 0), 0, 0, new ThrottlingData(0, 0, 0));
    }

    public record CpuUsage(@JsonProperty("total_usage") long totalUsage,
                           @JsonProperty("percpu_usage") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Long> percpuUsage,
                           @JsonProperty("usage_in_kernelmode") long usageInKernelmode,
                           @JsonProperty("usage_in_usermode") long usageInUsermode) {}

    public record ThrottlingData(@JsonProperty("periods") long periods,
                                 @JsonProperty("throttled_periods") long throttledPeriods,
                                 @JsonProperty("throttled_time") long throttledTime) {}

    /** Empty (all omitted) for a stopped container. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record MemoryStats(@JsonProperty("usage") long usage,
                              @JsonProperty("max_usage") long maxUsage,
                              @JsonProperty("stats") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> stats,
                              @JsonProperty("failcnt") long failcnt,
                              @JsonProperty("limit") long limit) {}

    public record NetworkStats(@JsonProperty("rx_bytes") long rxBytes, @JsonProperty("rx_packets") long rxPackets,
                               @JsonProperty("rx_errors") long rxErrors, @JsonProperty("rx_dropped") long rxDropped,
                               @JsonProperty("tx_bytes") long txBytes, @JsonProperty("tx_packets") long txPackets,
                               @JsonProperty("tx_errors") long txErrors, @JsonProperty("tx_dropped") long txDropped) {}
}
