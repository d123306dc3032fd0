package dev.berth.persistence.container;

import dev.berth.spi.EngineException;

/**
 * A container's CPU real-time budget ({@code --cpu-rt-period}, {@code --cpu-rt-runtime}): the cgroup's
 * {@code cpu.rt_period_us} and {@code cpu.rt_runtime_us}, in microseconds; 0 leaves the kernel's. Checked as
 * dockerd checks them.
 */
public record CpuRealtime(long period, long runtime) {
    public CpuRealtime {
        if (period < 0 || runtime < 0) {
            throw EngineException.invalid("invalid CPU real-time " + (period < 0 ? "period " + period : "runtime " + runtime)
                    + ": value must be a positive integer");
        }
        if (period != 0 && runtime != 0 && runtime > period) {
            throw EngineException.invalid("cpu real-time runtime cannot be higher than cpu real-time period");
        }
    }

    /** The budget of these values, or null when both are 0 (what a container without them journals). */
    public static CpuRealtime of(long period, long runtime) {
        return period == 0 && runtime == 0 ? null : new CpuRealtime(period, runtime);
    }
}
