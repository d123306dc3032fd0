package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A subpath of a volume or a mounted image ({@code VolumeOptions.Subpath}, {@code ImageOptions.Subpath}) at a
 * start: the file or directory it names inside {@code base}, opened one component at a time without following
 * a symbolic link, then bound through its descriptor ({@code /proc/self/fd/N}) at a mount point of its own
 * under the container's directory, which the runtime binds into the container. What is bound is what was
 * checked: a container sharing the volume cannot swap a component for a link between the check and the mount.
 * The mount points go as soon as the runtime has started the container (its own bind holds the data) or failed
 * to: {@link #release}.
 */
public final class SubpathMounts {
    private static final int O_DIRECTORY = 0x10000;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_PATH = 0x200000;
    private static final long MS_BIND = 4096;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    private SubpathMounts() {}

    /** Where a container's subpath mount points live while it starts. */
    public static Path dir(Path bundle) {
        return bundle.resolve("subpaths");
    }

    /**
     * Binds {@code subpath} of {@code base} at {@code mountPoint} (made here: a directory or an empty file, as
     * what it names). A missing component, or one that is a symbolic link, is dockerd's 404
     * {@code cannot access path …}.
     */
    public static void bind(Path base, String subpath, Path mountPoint) {
        Path wanted = base.resolve(subpath).normalize();
        List<String> parts = new ArrayList<>();
        base.relativize(wanted).forEach(p -> {
            if (!p.toString().isEmpty()) {
                parts.add(p.toString());
            }
        });
        Native.LibC libc = Native.libc();
        int fd = libc.openat(Native.AT_FDCWD, base.toString(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            throw notAccessible(base, Native.errno());
        }
        try {
            for (String part : parts) {
                int next = libc.openat(fd, part, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                if (next < 0) {
                    throw notAccessible(wanted, Native.errno());
                }
                libc.close(fd);
                fd = next;
                if ((Native.posix().fstat(fd).mode() & S_IFMT) == S_IFLNK) {
                    throw notAccessible(wanted, "too many levels of symbolic links");
                }
            }
            boolean directory = (Native.posix().fstat(fd).mode() & S_IFMT) == S_IFDIR;
            try {
                Files.createDirectories(mountPoint.getParent());
                if (directory) {
                    Files.createDirectory(mountPoint);
                } else {
                    Files.createFile(mountPoint);
                }
            } catch (IOException e) {
                throw EngineException.internal("cannot make a mount point for subpath " + subpath + ": "
                        + e.getMessage(), e);
            }
            try {
                Mounts.mount("/proc/self/fd/" + fd, mountPoint, null, MS_BIND, null);
            } catch (EngineException e) {
                deleteQuietly(mountPoint);
                throw EngineException.internal("failed to mount resolved path " + wanted + ": " + e.getMessage(), e);
            }
        } finally {
            libc.close(fd);
        }
    }

    /** Unmounts and removes every subpath mount point of the container (after its start, and at its clean-up). */
    public static void release(Path bundle) {
        Path dir = dir(bundle);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> points = Files.list(dir)) {
            for (Path p : points.toList()) {
                Mounts.unmount(p); // not mounted (a start killed half-way): nothing to undo
                deleteQuietly(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a mount point still busy stays until the next clean-up
        }
    }

    private static EngineException notAccessible(Path path, int errno) {
        return notAccessible(path, errno == Native.ENOENT ? "no such file or directory"
                : Native.strerror(errno).toLowerCase(Locale.ROOT));
    }

    private static EngineException notAccessible(Path path, String why) {
        return EngineException.notFound("cannot access path " + path + ": " + why);
    }
}
