package dev.berth.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * What {@code docker cp} learns of a path before copying (the {@code X-Docker-Container-Path-Stat}
 * header): its name, size, mode in Go's {@code os.FileMode} bits (the CLI tests them, not Unix ones),
 * mtime, and for a symlink the container path it finally leads to.
 */
public record PathStat(String name, long size, long mode, Instant mtime, String linkTarget) {
    // Go's os.FileMode type bits; permissions stay in the low 9 bits.
    static final long GO_DIR = 1L << 31;
    static final long GO_SYMLINK = 1L << 27;
    static final long GO_DEVICE = 1L << 26;
    static final long GO_NAMED_PIPE = 1L << 25;
    static final long GO_SOCKET = 1L << 24;
    static final long GO_SETUID = 1L << 23;
    static final long GO_SETGID = 1L << 22;
    static final long GO_CHAR_DEVICE = 1L << 21;
    static final long GO_STICKY = 1L << 20;

    public PathStat {
        linkTarget = linkTarget == null ? "" : linkTarget;
    }

    /** lstat of {@code host} in Go's terms. */
    static PathStat of(String name, Path host, String linkTarget) throws IOException {
        Map<String, Object> a = Files.readAttributes(host, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        return new PathStat(name, (Long) a.get("size"), goMode((Integer) a.get("mode")),
                ((FileTime) a.get("lastModifiedTime")).toInstant(), linkTarget);
    }

    /** Unix st_mode → Go's os.FileMode. */
    public static long goMode(int unixMode) {
        long m = unixMode & 0777;
        switch (unixMode & 0170000) {
            case 0040000 -> m |= GO_DIR;
            case 0120000 -> m |= GO_SYMLINK;
            case 0060000 -> m |= GO_DEVICE;
            case 0020000 -> m |= GO_DEVICE | GO_CHAR_DEVICE;
            case 0010000 -> m |= GO_NAMED_PIPE;
            case 0140000 -> m |= GO_SOCKET;
            default -> { }
        }
        if ((unixMode & 04000) != 0) {
            m |= GO_SETUID;
        }
        if ((unixMode & 02000) != 0) {
            m |= GO_SETGID;
        }
        if ((unixMode & 01000) != 0) {
            m |= GO_STICKY;
        }
        return m;
    }

    public boolean isDirectory() {
        return (mode & GO_DIR) != 0;
    }
}
