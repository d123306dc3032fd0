package dev.berth.driver.runc;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The daemon's CPU real-time budget ({@code cpu-rt-period} and {@code cpu-rt-runtime}, dockerd's daemon options),
 * written into every cgroup above a container before it starts, from the top down: on cgroup v1 a cgroup's
 * {@code cpu.rt_runtime_us} may not exceed its parent's, and a new cgroup gets none, so without it no container
 * could be given a real-time budget of its own ({@code --cpu-rt-runtime}), nor run a real-time task. A value of 0
 * leaves that file as it is, as dockerd does.
 */
record CpuRealtimeBudget(Path cpuMount, long period, long runtime) {
    static final Path CPU_MOUNT = Path.of("/sys/fs/cgroup/cpu");

    /** No daemon-wide budget: nothing is written. */
    static CpuRealtimeBudget none() {
        return new CpuRealtimeBudget(CPU_MOUNT, 0, 0);
    }

    /**
     * The budget of the driver options {@code cpu-rt-period} and {@code cpu-rt-runtime}; checked here, once, that
     * this kernel has the real-time group scheduler when either is set.
     */
    static CpuRealtimeBudget of(Path cpuMount, long period, long runtime) {
        CpuRealtimeBudget b = new CpuRealtimeBudget(cpuMount, period, runtime);
        if (b.active() && !Files.exists(cpuMount.resolve("cpu.rt_runtime_us"))) {
            throw EngineException.unavailable("cpu-rt-period/cpu-rt-runtime: the kernel has no CPU real-time group "
                    + "scheduler (no " + cpuMount.resolve("cpu.rt_runtime_us") + ")", null);
        }
        return b;
    }

    boolean active() {
        return period != 0 || runtime != 0;
    }

    /**
     * Writes the budget into each cgroup above {@code cgroupsPath} (the container's, from its config.json), making
     * the directories that do not exist yet, as dockerd's {@code initCPURtController} does.
     *
     * @throws IOException naming the file the kernel refused
     */
    void prepare(String cgroupsPath) throws IOException {
        if (!active()) {
            return;
        }
        Path parent = Path.of("/").resolve(cgroupsPath.replaceAll("^/+", "")).getParent();
        if (parent == null) {
            return;
        }
        Path dir = cpuMount;
        for (Path name : parent) {
            dir = dir.resolve(name.toString());
            Files.createDirectories(dir);
            write(dir.resolve("cpu.rt_period_us"), period);
            write(dir.resolve("cpu.rt_runtime_us"), runtime);
        }
    }

    private static void write(Path file, long value) throws IOException {
        if (value == 0 || Files.exists(file) && Files.readString(file).strip().equals(Long.toString(value))) {
            return;
        }
        try {
            Files.writeString(file, Long.toString(value));
        } catch (IOException e) {
            throw new IOException("write " + file + ": " + e.getMessage(), e);
        }
    }
}
