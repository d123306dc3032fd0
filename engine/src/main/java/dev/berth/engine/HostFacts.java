package dev.berth.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the host is, for /info and /version: read from /proc and /etc, never guessed. */
public final class HostFacts {
    private HostFacts() {}

    public static String kernelVersion() {
        return read(Path.of("/proc/sys/kernel/osrelease"), System.getProperty("os.version"));
    }

    public static String operatingSystem() {
        String osRelease = read(Path.of("/etc/os-release"), "");
        for (String line : osRelease.split("\n")) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring(12).replace("\"", "");
            }
        }
        return "Linux";
    }

    public static String osVersion() {
        for (String line : read(Path.of("/etc/os-release"), "").split("\n")) {
            if (line.startsWith("VERSION_ID=")) {
                return line.substring(11).replace("\"", "");
            }
        }
        return "";
    }

    /** {@code uname -m} style: x86_64, aarch64. */
    public static String machine() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }

    /** Go style: amd64, arm64. */
    public static String goArch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    public static String cgroupVersion() {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1";
    }

    /** Whether the memory cgroup has {@code memory.swappiness} (cgroup v1 only). */
    public static boolean memorySwappiness() {
        return Files.exists(Path.of("/sys/fs/cgroup/memory/memory.swappiness"));
    }

    /** Whether the kernel has the CPU real-time group scheduler ({@code cpu.rt_runtime_us}, cgroup v1 only). */
    public static boolean cpuRealtime() {
        return Files.exists(Path.of("/sys/fs/cgroup/cpu/cpu.rt_runtime_us"));
    }

    public static long memTotal() {
        for (String line : read(Path.of("/proc/meminfo"), "").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    public static boolean ipv4Forwarding() {
        return read(Path.of("/proc/sys/net/ipv4/ip_forward"), "0").equals("1");
    }

    public static String hostname() {
        return read(Path.of("/proc/sys/kernel/hostname"), "localhost");
    }

    static String read(Path p, String fallback) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return fallback;
        }
    }
}
