package dev.berth.actors.container;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * {@code VolumeOptions.Subpath} at a start: the file or directory the subpath names inside a volume's
 * host directory, opened one component at a time without following a symbolic link, then bound through
 * its descriptor ({@code /proc/self/fd/N}) at a mount point of its own under the container's directory,
 * which the runtime binds into the container. What is bound is what was checked: a container sharing the
 * volume cannot swap a component for a link between the check and the mount. The mount points go as soon
 * as the runtime has started the container (its own bind holds the data) or failed to: {@link #release}.
 */
final class VolumeSubpath {
    private static final int O_DIRECTORY = 0x10000;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_PATH = 0x200000;
    private static final long MS_BIND = 4096;
    private static final int MNT_DETACH = 2;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final int ENOENT = 2;

    /** The libc functions bound (public for jnr-ffi's proxy). */
    public interface LibC {
        @SaveError
        int openat(int dirfd, String path, int flags);

        int close(int fd);

        @SaveError
        int mount(String source, String target, String fstype, long flags, String data);

        @SaveError
        int umount2(String target, int flags);
    }

    private static final class Native {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);
        static final POSIX POSIX = POSIXFactory.getNativePOSIX();

        static int errno() {
            return jnr.ffi.LastError.getLastError(RUNTIME);
        }
    }

    private VolumeSubpath() {}

    /** Where a container's subpath mount points live while it starts. */
    static Path dir(Path bundle) {
        return bundle.resolve("subpaths");
    }

    /**
     * Binds {@code subpath} of {@code volumeDir} at {@code mountPoint} (made here: a directory or an empty
     * file, as what it names). A missing component, or one that is a symbolic link, is dockerd's 404
     * {@code cannot access path …}.
     */
    static void bind(Path volumeDir, String subpath, Path mountPoint) {
        Path wanted = volumeDir.resolve(subpath).normalize();
        List<String> parts = new ArrayList<>();
        volumeDir.relativize(wanted).forEach(p -> {
            if (!p.toString().isEmpty()) {
                parts.add(p.toString());
            }
        });
        LibC libc = Native.LIBC;
        int fd = libc.openat(-100, volumeDir.toString(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            throw notAccessible(volumeDir, Native.errno());
        }
        try {
            for (String part : parts) {
                int next = libc.openat(fd, part, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                if (next < 0) {
                    throw notAccessible(wanted, Native.errno());
                }
                libc.close(fd);
                fd = next;
                int type = Native.POSIX.fstat(fd).mode() & S_IFMT;
                if (type == S_IFLNK) {
                    throw notAccessible(wanted, "too many levels of symbolic links");
                }
            }
            boolean directory = (Native.POSIX.fstat(fd).mode() & S_IFMT) == S_IFDIR;
            try {
                Files.createDirectories(mountPoint.getParent());
                if (directory) {
                    Files.createDirectory(mountPoint);
                } else {
                    Files.createFile(mountPoint);
                }
            } catch (IOException e) {
                throw EngineException.internal("cannot make a mount point for volume subpath " + subpath + ": "
                        + e.getMessage(), e);
            }
            if (libc.mount("/proc/self/fd/" + fd, mountPoint.toString(), null, MS_BIND, null) != 0) {
                int errno = Native.errno();
                deleteQuietly(mountPoint);
                throw EngineException.internal("failed to mount resolved path " + wanted + ": "
                        + Native.POSIX.strerror(errno), null);
            }
        } finally {
            libc.close(fd);
        }
    }

    /** Unmounts and removes every subpath mount point of the container (after its start, and at its clean-up). */
    static void release(Path bundle) {
        Path dir = dir(bundle);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> points = Files.list(dir)) {
            for (Path p : points.toList()) {
                Native.LIBC.umount2(p.toString(), MNT_DETACH); // not mounted (a start killed half-way): nothing to undo
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
        return notAccessible(path, errno == ENOENT ? "no such file or directory"
                : Native.POSIX.strerror(errno).toLowerCase(java.util.Locale.ROOT));
    }

    private static EngineException notAccessible(Path path, String why) {
        return EngineException.notFound("cannot access path " + path + ": " + why);
    }
}
