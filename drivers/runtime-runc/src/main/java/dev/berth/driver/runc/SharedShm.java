package dev.berth.driver.runc;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The /dev/shm of an {@code --ipc shareable} container: a tmpfs mounted on the host (as dockerd mounts
 * {@code containers/<id>/mounts/shm}) and bound into the container, so that a container joining its IPC
 * namespace can bind the same memory; a mount inside the donor's mount namespace could not be bound
 * from outside it.
 */
final class SharedShm {
    private SharedShm() {}

    /** Mounts a tmpfs of {@code size} bytes on {@code dir} unless one is there. */
    static void mount(Path dir, long size) throws IOException {
        Files.createDirectories(dir);
        if (mounted(dir)) {
            return;
        }
        String sizeOption = "size=" + (size % 1024 == 0 ? size / 1024 + "k" : Long.toString(size));
        run(List.of("mount", "-t", "tmpfs", "-o", "nosuid,noexec,nodev,mode=1777," + sizeOption, "shm", dir.toString()));
    }

    /** Unmounts {@code dir} if a tmpfs is mounted there; containers that bound it keep their copy. */
    static void unmount(Path dir) throws IOException {
        // most containers never had one: no directory, no mount table to read at every clean-up
        if (Files.isDirectory(dir) && mounted(dir)) {
            run(List.of("umount", "-l", dir.toString()));
        }
    }

    static boolean mounted(Path dir) throws IOException {
        String target = dir.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].replace("\\040", " ").equals(target)) {
                return true;
            }
        }
        return false;
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", cmd) + ": interrupted", e);
        }
        if (p.exitValue() != 0) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            throw EngineException.internal(String.join(" ", cmd) + ": " + out, null);
        }
    }
}
