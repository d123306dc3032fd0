package dev.berth.driver.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The facts about this host that change the generated spec. A value so spec generation can be
 * unit-tested for any host.
 *
 * @param arch          Go's name for the CPU architecture ({@code amd64}, {@code arm64} …), as
 *                      Docker's seccomp profile spells it
 * @param kernel        the kernel release, e.g. {@code 6.1.0-18-amd64}
 * @param capLastCap    the highest capability number the kernel knows
 * @param swapLimit     whether the memory cgroup can limit swap (memsw / memory.swap.max)
 * @param cgroupV2      whether the unified hierarchy is the only one
 */
record HostInfo(String arch, String kernel, int capLastCap, boolean swapLimit, boolean cgroupV2, long boundingSet) {

    /** Without a known bounding set: every capability may be granted. */
    HostInfo(String arch, String kernel, int capLastCap, boolean swapLimit, boolean cgroupV2) {
        this(arch, kernel, capLastCap, swapLimit, cgroupV2, -1L);
    }

    static HostInfo detect() {
        String arch = goArch(System.getProperty("os.arch", "amd64"));
        String kernel = System.getProperty("os.version", "0.0");
        int last = 40;
        try {
            // not Files.readString: on JDK 17 it trusts the size /proc reports and read "4" of "40"
            last = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            // keep the default: runc ignores capabilities the kernel lacks
        }
        boolean v2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        boolean swap = v2
                ? Files.exists(Path.of("/sys/fs/cgroup/init.scope/memory.swap.max"))
                        || Files.exists(Path.of("/sys/fs/cgroup/system.slice/memory.swap.max"))
                : Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"));
        return new HostInfo(arch, kernel, last, swap, v2, ownBoundingSet());
    }

    /** The daemon's own capability bounding set ({@code CapBnd}); all ones when unreadable. */
    static long ownBoundingSet() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16);
                }
            }
        } catch (IOException | RuntimeException e) {
            // assume everything: runc reports what it cannot grant
        }
        return -1L;
    }

    static String goArch(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "aarch64", "arm64" -> "arm64";
            case "arm" -> "arm";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            case "loongarch64" -> "loong64";
            default -> javaArch;
        };
    }
}
