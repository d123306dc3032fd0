package dev.berth.driver.runc;

import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ResourceUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one {@link ResourceUsage} sample from a container's cgroup (v1: one directory per controller;
 * v2: one unified directory), the host's {@code /proc/stat} and {@code /proc/meminfo}, and its init
 * process's {@code /proc/<pid>/net/dev} (which shows the interfaces of the network namespace the process
 * is in). The roots are parameters so that sample files in a test stand in for the kernel's.
 */
final class CgroupUsage {
    /** The kernel's USER_HZ: cpuacct.stat and /proc/stat count in ticks of 1/100 s. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;

    private final Path cgroupRoot;
    private final CgroupPaths paths;
    private final boolean v2;
    private final Path proc;
    private final Clock clock;

    CgroupUsage(Path cgroupRoot, String cgroupParent, boolean v2, Path proc, Clock clock) {
        this(cgroupRoot, CgroupPaths.under(cgroupParent), v2, proc, clock);
    }

    CgroupUsage(Path cgroupRoot, CgroupPaths paths, boolean v2, Path proc, Clock clock) {
        this.cgroupRoot = cgroupRoot;
        this.paths = paths;
        this.v2 = v2;
        this.proc = proc;
        this.clock = clock;
    }

    ResourceUsage read(String id, int pid) {
        try {
            long hostMemory = kib(meminfo("MemTotal"));
            HostCpu host = hostCpu();
            ResourceUsage.Cpu cpu;
            ResourceUsage.Memory memory;
            ResourceUsage.Pids pids;
            List<ResourceUsage.BlockIo> io;
            if (v2) {
                Path dir = cgroupRoot.resolve(paths.relative(id));
                Map<String, Long> cpuStat = keyed(dir.resolve("cpu.stat"));
                cpu = new ResourceUsage.Cpu(cpuStat.getOrDefault("usage_usec", 0L) * NANOS_PER_MICRO, List.of(),
                        cpuStat.getOrDefault("user_usec", 0L) * NANOS_PER_MICRO,
                        cpuStat.getOrDefault("system_usec", 0L) * NANOS_PER_MICRO, host.total(), host.online(),
                        cpuStat.getOrDefault("nr_periods", 0L), cpuStat.getOrDefault("nr_throttled", 0L),
                        cpuStat.getOrDefault("throttled_usec", 0L) * NANOS_PER_MICRO);
                long limit = limitOrMax(dir.resolve("memory.max"));
                memory = new ResourceUsage.Memory(number(dir.resolve("memory.current")), 0,
                        limit <= 0 || limit > hostMemory ? hostMemory : limit, 0, keyed(dir.resolve("memory.stat")));
                pids = new ResourceUsage.Pids(number(dir.resolve("pids.current")), limitOrMax(dir.resolve("pids.max")));
                io = ioStat(dir.resolve("io.stat"));
            } else {
                Path cpuacct = controller("cpuacct", id);
                Map<String, Long> ticks = keyed(cpuacct.resolve("cpuacct.stat"));
                Map<String, Long> throttling = keyed(controller("cpu", id).resolve("cpu.stat"));
                cpu = new ResourceUsage.Cpu(number(cpuacct.resolve("cpuacct.usage")), perCpu(cpuacct.resolve("cpuacct.usage_percpu")),
                        ticks.getOrDefault("user", 0L) * NANOS_PER_TICK, ticks.getOrDefault("system", 0L) * NANOS_PER_TICK,
                        host.total(), host.online(), throttling.getOrDefault("nr_periods", 0L),
                        throttling.getOrDefault("nr_throttled", 0L), throttling.getOrDefault("throttled_time", 0L));
                Path mem = controller("memory", id);
                long limit = number(mem.resolve("memory.limit_in_bytes"));
                memory = new ResourceUsage.Memory(number(mem.resolve("memory.usage_in_bytes")),
                        number(mem.resolve("memory.max_usage_in_bytes")), limit <= 0 || limit > hostMemory ? hostMemory : limit,
                        number(mem.resolve("memory.failcnt")), keyed(mem.resolve("memory.stat")));
                Path pidsDir = controller("pids", id);
                pids = new ResourceUsage.Pids(number(pidsDir.resolve("pids.current")), limitOrMax(pidsDir.resolve("pids.max")));
                Path blkio = controller("blkio", id);
                Path recursive = blkio.resolve("blkio.throttle.io_service_bytes_recursive");
                io = blkio(Files.exists(recursive) ? recursive : blkio.resolve("blkio.throttle.io_service_bytes"));
            }
            return new ResourceUsage(clock.instant(), cpu, memory, pids, networks(pid), io);
        } catch (NoSuchFileException e) {
            // the cgroup goes with the container: it stopped while we read
            throw EngineException.conflict("container " + id + " is not running");
        } catch (IOException e) {
            throw EngineException.unavailable("cannot read the cgroup of " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Lifts the pids and CPU quota limits by writing the cgroup files: crun 1.8's {@code update}
     * refuses the -1 that means "no limit" to runc ("writing file `pids.max`: Invalid argument").
     */
    void lift(String id, boolean pids, boolean cpuQuota) {
        try {
            if (pids) {
                Files.writeString((v2 ? cgroupRoot.resolve(paths.relative(id)) : controller("pids", id)).resolve("pids.max"), "max");
            }
            if (cpuQuota) {
                if (v2) {
                    Files.writeString(cgroupRoot.resolve(paths.relative(id)).resolve("cpu.max"), "max");
                } else {
                    Files.writeString(controller("cpu", id).resolve("cpu.cfs_quota_us"), "-1");
                }
            }
        } catch (IOException e) {
            throw EngineException.unavailable("cannot lift the limits of " + id + ": " + e.getMessage(), e);
        }
    }

    private Path controller(String name, String id) {
        return cgroupRoot.resolve(name).resolve(paths.relative(id));
    }

    private record HostCpu(long total, int online) {}

    /** The first line of /proc/stat summed as Docker does (user … softirq), and the cpuN lines counted. */
    private HostCpu hostCpu() throws IOException {
        long total = 0;
        int online = 0;
        for (String line : Files.readAllLines(proc.resolve("stat"))) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("cpu")) {
                for (int i = 1; i < Math.min(f.length, 8); i++) {
                    total += Long.parseLong(f[i]);
                }
            } else if (f[0].startsWith("cpu")) {
                online++;
            }
        }
        return new HostCpu(total * NANOS_PER_TICK, online);
    }

    private String meminfo(String key) throws IOException {
        for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        return "0 kB";
    }

    private static long kib(String value) {
        return Long.parseLong(value.split("\\s+")[0]) * 1024;
    }

    /** Interfaces of the process's network namespace; loopback is left out, as Docker does. */
    private Map<String, ResourceUsage.NetworkIo> networks(int pid) throws IOException {
        Map<String, ResourceUsage.NetworkIo> out = new LinkedHashMap<>();
        Path dev = proc.resolve(Integer.toString(pid)).resolve("net/dev");
        if (pid <= 0 || !Files.exists(dev)) {
            return out;
        }
        for (String line : Files.readAllLines(dev)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue; // the two header lines
            }
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (name.equals("lo") || f.length < 12) {
                continue;
            }
            out.put(name, new ResourceUsage.NetworkIo(l(f[0]), l(f[1]), l(f[2]), l(f[3]), l(f[8]), l(f[9]), l(f[10]), l(f[11])));
        }
        return out;
    }

    /** v1 {@code blkio.throttle.io_service_bytes}: {@code 8:0 Read 4096}, and a {@code Total} line left out. */
    static List<ResourceUsage.BlockIo> blkio(Path file) throws IOException {
        List<ResourceUsage.BlockIo> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].contains(":")) {
                String[] dev = f[0].split(":");
                out.add(new ResourceUsage.BlockIo(l(dev[0]), l(dev[1]), f[1], l(f[2])));
            }
        }
        return out;
    }

    /** v2 {@code io.stat}: {@code 8:0 rbytes=4096 wbytes=0 …}, as Docker reports it (op "read"/"write"). */
    static List<ResourceUsage.BlockIo> ioStat(Path file) throws IOException {
        List<ResourceUsage.BlockIo> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || !f[0].contains(":")) {
                continue;
            }
            String[] dev = f[0].split(":");
            for (int i = 1; i < f.length; i++) {
                String[] kv = f[i].split("=");
                if (kv.length == 2 && (kv[0].equals("rbytes") || kv[0].equals("wbytes"))) {
                    out.add(new ResourceUsage.BlockIo(l(dev[0]), l(dev[1]), kv[0].equals("rbytes") ? "read" : "write", l(kv[1])));
                }
            }
        }
        return out;
    }

    /** A file of {@code key value} lines (memory.stat, cpu.stat, cpuacct.stat); absent = empty. */
    static Map<String, Long> keyed(Path file) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2) {
                try {
                    out.put(kv[0], Long.parseLong(kv[1]));
                } catch (NumberFormatException e) {
                    // a non-numeric entry: not a counter
                }
            }
        }
        return out;
    }

    private static List<Long> perCpu(Path file) throws IOException {
        List<Long> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String n : Files.readString(file).trim().split("\\s+")) {
                if (!n.isEmpty()) {
                    out.add(Long.parseLong(n));
                }
            }
        }
        return out;
    }

    /** One number; an absent file (a controller the host lacks) is 0, a missing cgroup is reported above. */
    private static long number(Path file) throws IOException {
        if (!Files.exists(file) && Files.isDirectory(file.getParent())) {
            return 0;
        }
        return l(Files.readString(file).trim());
    }

    /** {@code max} (or an absent file) is 0: no limit. */
    private static long limitOrMax(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        String text = Files.readString(file).trim();
        return text.equals("max") ? 0 : l(text);
    }

    private static long l(String s) {
        return Long.parseLong(s);
    }
}
