package dev.berth.cli.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's memory and disk, checked before a machine is made or started. */
final class HostResources {
    private HostResources() {}

    /** MemAvailable from /proc/meminfo in MiB; -1 where there is none (macOS). */
    static long availableMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static void checkMemory(int memoryMiB) throws IOException {
        long avail = availableMiB();
        if (avail >= 0 && memoryMiB > avail) {
            throw new IOException("not enough memory: the machine needs " + memoryMiB + " MiB, the host has " + avail
                    + " MiB available (lower --memory)");
        }
    }

    /** The disk grows up to its size: that much must be free where it lives. */
    static void checkDisk(Path dir, int diskGiB) throws IOException {
        Path p = dir;
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return;
        long free = Files.getFileStore(p).getUsableSpace() >> 30;
        if (diskGiB > free) {
            throw new IOException("not enough disk space: the machine's disk can grow to " + diskGiB + " GiB, "
                    + p + " has " + free + " GiB free (lower --disk-size)");
        }
    }
}
