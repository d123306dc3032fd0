package dev.berth.image;

import dev.berth.spi.EngineException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ownership, mode, xattrs and times of extracted files, set without following symlinks. */
final class Metadata {
    private static final Logger LOG = LoggerFactory.getLogger(Metadata.class);
    private static final int ENOTSUP = 95;
    private static final int EPERM = 1;

    private Metadata() {}

    /** Owner first, then mode: chown clears setuid/setgid bits, chmod restores them. */
    static void apply(Path path, TarArchiveEntry e, boolean privileged) {
        String p = path.toString();
        if (privileged && Native.posix().lchown(p, (int) e.getLongUserId(), (int) e.getLongGroupId()) != 0) {
            throw failure("lchown", path);
        }
        if (!e.isSymbolicLink() && Native.posix().chmod(p, e.getMode() & 07777) != 0) {
            throw failure("chmod", path);
        }
        for (Map.Entry<String, String> x : TarExtractor.xattrs(e).entrySet()) {
            // Go's archive/tar carries xattr values as raw bytes in a string: ISO-8859-1 keeps them.
            trySetXattr(path, x.getKey(), x.getValue().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    static void times(Path path, TarArchiveEntry e) {
        java.time.Instant t = e.getLastModifiedTime().toInstant();
        long[] times = {t.getEpochSecond(), t.getNano(), t.getEpochSecond(), t.getNano()};
        if (Native.libc().utimensat(Native.AT_FDCWD, path.toString(), times, Native.AT_SYMLINK_NOFOLLOW) != 0) {
            throw EngineException.unavailable("utimensat " + path + ": " + Native.strerror(Native.errno()), null);
        }
    }

    static void setXattr(Path path, String name, byte[] value) {
        if (Native.libc().lsetxattr(path.toString(), name, value, value.length, 0) != 0) {
            int errno = Native.errno();
            throw EngineException.unavailable(
                    "lsetxattr " + name + " on " + path + ": " + Native.strerror(errno)
                            + (errno == EPERM ? " (overlay whiteouts need root)" : ""), null);
        }
    }

    private static void trySetXattr(Path path, String name, byte[] value) {
        if (Native.libc().lsetxattr(path.toString(), name, value, value.length, 0) != 0) {
            int errno = Native.errno();
            if (errno != ENOTSUP && errno != EPERM) {
                throw EngineException.unavailable("lsetxattr " + name + " on " + path + ": " + Native.strerror(errno), null);
            }
            LOG.debug("xattr {} on {} not kept: {}", name, path, Native.strerror(errno));
        }
    }

    private static EngineException failure(String op, Path path) {
        int errno = Native.posix().errno();
        return EngineException.unavailable(op + " " + path + ": " + Native.strerror(errno), null);
    }
}
