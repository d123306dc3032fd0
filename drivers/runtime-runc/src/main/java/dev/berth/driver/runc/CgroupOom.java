package dev.berth.driver.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Best-effort "was it OOM-killed": conmon's {@code oom} file in its persist dir, else the memory
 * cgroup's own counter (v1 {@code memory.oom_control}, v2 {@code memory.events}), which is still
 * there when the exit is noticed because only {@code runc delete} removes the cgroup.
 */
final class CgroupOom {

    private final Path cgroupRoot;
    private final CgroupPaths paths;
    private final boolean v2;

    CgroupOom(Path cgroupRoot, String cgroupParent, boolean v2) {
        this(cgroupRoot, CgroupPaths.under(cgroupParent), v2);
    }

    CgroupOom(Path cgroupRoot, CgroupPaths paths, boolean v2) {
        this.cgroupRoot = cgroupRoot;
        this.paths = paths;
        this.v2 = v2;
    }

    boolean killed(String id, Path conmonPersistDir) {
        if (Files.exists(conmonPersistDir.resolve("oom"))) {
            return true;
        }
        Path file = v2
                ? cgroupRoot.resolve(paths.relative(id)).resolve("memory.events")
                : cgroupRoot.resolve("memory").resolve(paths.relative(id)).resolve("memory.oom_control");
        try {
            for (String line : Files.readAllLines(file)) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2 && kv[0].equals("oom_kill") && Long.parseLong(kv[1]) > 0) {
                    return true;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }
}
