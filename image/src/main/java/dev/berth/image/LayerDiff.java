package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * {@code docker commit}'s layer: an overlayfs upper dir written as an OCI layer tar. Overlay's
 * whiteouts become OCI ones: a 0/0 character device {@code name} → an empty {@code .wh.name}; a
 * directory marked {@code trusted.overlay.opaque=y} → the directory plus {@code dir/.wh..wh..opq}.
 * Everything else keeps its type, mode, owner and mtime; files with several links inside the
 * upper dir become tar hard links. Entries are sorted so the same tree gives the same bytes.
 */
public final class LayerDiff {
    static final String WHITEOUT = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";

    private LayerDiff() {}

    /** Writes the tar of {@code upperDir} to {@code out} (not closed); returns bytes of file content. */
    public static long write(Path upperDir, OutputStream out) {
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out));
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            long[] size = {0};
            Map<Object, String> links = new HashMap<>();
            if (Files.isDirectory(upperDir, LinkOption.NOFOLLOW_LINKS)) {
                walk(upperDir, upperDir, tar, links, size);
            }
            tar.finish();
            tar.flush();
            return size[0];
        } catch (IOException e) {
            throw EngineException.unavailable("cannot write the container's changes: " + e.getMessage(), e);
        }
    }

    private static void walk(Path root, Path dir, TarArchiveOutputStream tar, Map<Object, String> links, long[] size)
            throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = new ArrayList<>(s.toList());
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path p : children) {
            String name = root.relativize(p).toString();
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,ino,dev,nlink,rdev,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            int type = mode & 0170000;
            long rdev = (Long) a.get("rdev");
            if (type == 0020000 && rdev == 0) {
                String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                TarArchiveEntry wh = entry(parent + WHITEOUT + p.getFileName(), TarConstants.LF_NORMAL, a);
                wh.setMode(0100000);
                wh.setSize(0);
                put(tar, wh);
                continue;
            }
            if (type == 0040000) {
                TarArchiveEntry d = entry(name + "/", TarConstants.LF_DIR, a);
                put(tar, d);
                if (isOpaque(p)) {
                    TarArchiveEntry opq = entry(name + "/" + OPAQUE, TarConstants.LF_NORMAL, a);
                    opq.setMode(0100000);
                    opq.setSize(0);
                    put(tar, opq);
                }
                walk(root, p, tar, links, size);
            } else if (type == 0120000) {
                TarArchiveEntry l = entry(name, TarConstants.LF_SYMLINK, a);
                l.setLinkName(Files.readSymbolicLink(p).toString());
                put(tar, l);
            } else if (type == 0100000) {
                int nlink = (Integer) a.get("nlink");
                Object key = List.of(a.get("dev"), a.get("ino"));
                String first = nlink > 1 ? links.putIfAbsent(key, name) : null;
                if (first != null) {
                    TarArchiveEntry h = entry(name, TarConstants.LF_LINK, a);
                    h.setLinkName(first);
                    put(tar, h);
                    continue;
                }
                TarArchiveEntry f = entry(name, TarConstants.LF_NORMAL, a);
                long len = Files.size(p);
                f.setSize(len);
                tar.putArchiveEntry(f);
                Files.copy(p, tar);
                tar.closeArchiveEntry();
                size[0] += len;
            } else if (type == 0020000 || type == 0060000 || type == 0010000) {
                byte kind = type == 0020000 ? TarConstants.LF_CHR : type == 0060000 ? TarConstants.LF_BLK
                        : TarConstants.LF_FIFO;
                TarArchiveEntry dev = entry(name, kind, a);
                dev.setDevMajor((int) ((rdev >>> 8) & 0xfff | (rdev >>> 32) & ~0xfffL));
                dev.setDevMinor((int) (rdev & 0xff | (rdev >>> 12) & ~0xffL));
                put(tar, dev);
            }
            // sockets are not archived, as in Docker
        }
    }

    private static TarArchiveEntry entry(String name, byte kind, Map<String, Object> a) {
        TarArchiveEntry e = new TarArchiveEntry(name, kind, true);
        e.setMode((Integer) a.get("mode"));
        e.setUserId((Integer) a.get("uid"));
        e.setGroupId((Integer) a.get("gid"));
        e.setModTime(((FileTime) a.get("lastModifiedTime")).toMillis());
        return e;
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry e) throws IOException {
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    /** overlayfs marks an opaque dir with trusted.overlay.opaque (or user.overlay.opaque with userxattr). */
    static boolean isOpaque(Path dir) {
        for (String attr : List.of("trusted.overlay.opaque", "user.overlay.opaque")) {
            try {
                byte[] buf = new byte[4];
                long n = Native.libc().lgetxattr(dir.toString(), attr, buf, buf.length);
                if (n > 0 && new String(buf, 0, (int) n, StandardCharsets.US_ASCII).startsWith("y")) {
                    return true;
                }
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
