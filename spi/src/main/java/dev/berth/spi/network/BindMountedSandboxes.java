package dev.berth.spi.network;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Network namespaces kept alive by a bind mount of {@code /proc/<pid>/ns/net} on a file, as
 * {@code ip netns add} does, but under our own directory so two daemons never share them. Uses the
 * {@code unshare} and {@code umount} commands: {@code setns}/{@code mount} need native calls the
 * JDK-only SPI cannot make.
 */
final class BindMountedSandboxes implements Sandboxes {

    private final Path dir;

    BindMountedSandboxes(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public Path path(String containerId) {
        if (containerId.isEmpty() || containerId.contains("/") || containerId.startsWith(".")) {
            throw EngineException.invalid("invalid container id " + containerId);
        }
        return dir.resolve(containerId);
    }

    @Override
    public synchronized Path create(String containerId) {
        Path file = path(containerId);
        if (exists(containerId)) {
            return file;
        }
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw EngineException.unavailable("cannot create netns file " + file + ": " + e.getMessage(), e);
        }
        String out = run("unshare", "--net=" + file, "true");
        if (!exists(containerId)) {
            throw EngineException.unavailable("cannot create network namespace " + file + ": " + out, null);
        }
        return file;
    }

    @Override
    public synchronized void delete(String containerId) {
        Path file = path(containerId);
        // stacked mounts (a create raced by another daemon process) come off one by one
        for (int i = 0; i < 8 && isMountPoint(file); i++) {
            String out = run("umount", file.toString());
            if (isMountPoint(file) && i == 7) {
                throw EngineException.unavailable("cannot unmount network namespace " + file + ": " + out, null);
            }
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> ids() {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw EngineException.unavailable("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String containerId) {
        return isMountPoint(path(containerId));
    }

    private static boolean isMountPoint(Path file) {
        if (!Files.exists(file)) {
            return false;
        }
        String target = file.toString();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] f = line.split(" ");
                if (f.length > 4 && unescape(f[4]).equals(target)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw EngineException.unavailable("cannot read /proc/self/mountinfo", e);
        }
    }

    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            throw EngineException.unavailable(cmd[0] + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable(cmd[0] + " interrupted", e);
        }
    }
}
