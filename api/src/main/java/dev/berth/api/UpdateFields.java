package dev.berth.api;

import static dev.berth.api.FieldTable.zero;

/**
 * Every field of the {@code POST /containers/{id}/update} body (Docker's Resources and RestartPolicy),
 * with what Berth does with it. Honoured: journaled in the container's host config and applied to a
 * running container through {@code runc update}. The docker CLI sends every Resources field, most at
 * zero: zero is "unchanged" in dockerd, so a refused field is refused only when set.
 * {@code UpdateFieldsTest} fails when the spec has a field this table does not list.
 */
final class UpdateFields {
    private static final String NOT_YET = "not applied by Berth's update yet; default: 0, empty or null";

    static final FieldTable TABLE = FieldTable.builder()
            .honoured("CpuShares", "0 = unchanged")
            .honoured("Memory", "0 = unchanged")
            .unsupported("CgroupParent", zero(), NOT_YET)
            .honoured("BlkioWeight", "0 = unchanged; dropped with dockerd's warning where the kernel has no blkio.weight")
            .unsupported("BlkioWeightDevice", zero(), NOT_YET)
            .unsupported("BlkioDeviceReadBps", zero(), NOT_YET + " (runc update cannot change throttles)")
            .unsupported("BlkioDeviceWriteBps", zero(), NOT_YET)
            .unsupported("BlkioDeviceReadIOps", zero(), NOT_YET)
            .unsupported("BlkioDeviceWriteIOps", zero(), NOT_YET)
            .honoured("CpuPeriod", "0 = unchanged")
            .honoured("CpuQuota", "0 = unchanged")
            .honoured("CpuRealtimePeriod", "0 = unchanged")
            .honoured("CpuRealtimeRuntime", "0 = unchanged")
            .honoured("CpusetCpus", "\"\" = unchanged")
            .honoured("CpusetMems", "\"\" = unchanged")
            .unsupported("Devices", zero(), NOT_YET)
            .unsupported("DeviceCgroupRules", zero(), NOT_YET)
            .unsupported("DeviceRequests", zero(), NOT_YET)
            .unsupported("KernelMemoryTCP", zero(), NOT_YET)
            .honoured("MemoryReservation", "0 = unchanged")
            .honoured("MemorySwap", "0 = unchanged, -1 unlimited swap")
            .unsupported("MemorySwappiness", zero(v -> v.isNumber() && v.longValue() == -1), NOT_YET + " or -1")
            .honoured("NanoCpus", "0 = unchanged")
            .unsupported("OomKillDisable", zero(), NOT_YET)
            .unsupported("Init", zero(), "fixed at create; default: null or false")
            .honoured("PidsLimit", "null = unchanged; 0 and -1 lift the limit")
            .unsupported("Ulimits", zero(), NOT_YET)
            .unsupported("CpuCount", zero(), "Windows only")
            .unsupported("CpuPercent", zero(), "Windows only")
            .unsupported("IOMaximumIOps", zero(), "Windows only")
            .unsupported("IOMaximumBandwidth", zero(), "Windows only")
            .object("RestartPolicy")
            .honoured("RestartPolicy.Name", "empty = unchanged")
            .honoured("RestartPolicy.MaximumRetryCount")
            .build();

    private UpdateFields() {}
}
