package dev.berth.persistence.container;

import java.util.List;

/**
 * Docker's default masked and read-only paths (moby's {@code oci.DefaultSpec}), which dockerd writes into a
 * non-privileged container's {@code HostConfig.MaskedPaths}/{@code ReadonlyPaths} at create when the request
 * leaves them null; {@code --security-opt systempaths=unconfined} sends both as [].
 */
public final class SystemPaths {
    public static final List<String> MASKED = List.of(
            "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    public static final List<String> READONLY = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private SystemPaths() {}
}
