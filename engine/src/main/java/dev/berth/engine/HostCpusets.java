package dev.berth.engine;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * Whether this host has the CPUs and memory nodes a {@code --cpuset-cpus}/{@code --cpuset-mems} list
 * asks for (the form of the list is {@code HostConfig}'s to check): what the root cpuset allows (cgroup
 * v1 {@code cpuset/cpuset.cpus}, v2 {@code cpuset.cpus.effective}), else what is online.
 */
final class HostCpusets {
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");

    private HostCpusets() {}

    static void check(String cpus, String mems) {
        if (cpus != null && !cpus.isEmpty()) {
            String available = read(List.of(CGROUP.resolve("cpuset/cpuset.cpus"), CGROUP.resolve("cpuset.cpus.effective"),
                    Path.of("/sys/devices/system/cpu/online")));
            if (!parse(available).containsAll(parse(cpus))) {
                throw EngineException.invalid("Requested CPUs are not available - requested " + cpus + ", available: " + available);
            }
        }
        if (mems != null && !mems.isEmpty()) {
            String available = read(List.of(CGROUP.resolve("cpuset/cpuset.mems"), CGROUP.resolve("cpuset.mems.effective"),
                    Path.of("/sys/devices/system/node/online")));
            if (!parse(available).containsAll(parse(mems))) {
                throw EngineException.invalid("Requested memory nodes are not available - requested " + mems
                        + ", available: " + available);
            }
        }
    }

    /** {@code 0-2,4} → {0, 1, 2, 4}; a list that is not of that form is an empty set. */
    static TreeSet<Integer> parse(String list) {
        TreeSet<Integer> out = new TreeSet<>();
        try {
            for (String range : list.trim().split(",")) {
                if (range.isEmpty()) {
                    continue;
                }
                String[] ends = range.split("-");
                int from = Integer.parseInt(ends[0]);
                int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
                for (int i = from; i <= to && i - from < 4096; i++) {
                    out.add(i);
                }
            }
        } catch (NumberFormatException e) {
            return new TreeSet<>();
        }
        return out;
    }

    private static String read(List<Path> candidates) {
        for (Path p : candidates) {
            try {
                String text = Files.readString(p).trim();
                if (!text.isEmpty()) {
                    return text;
                }
            } catch (IOException e) {
                // not this hierarchy: try the next
            }
        }
        return "0";
    }
}
