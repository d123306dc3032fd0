package dev.berth.image;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 * Writes a tree of a {@link RootedFs} as a tar, streaming file by file (never the whole tree in
 * memory): {@code docker cp} out of a container and {@code docker export}. Symlinks are archived as
 * links, never followed; a directory that is a mount target is walked in its mount's source, as the
 * container sees it; files linked several times inside the tree become tar hard links; sockets are
 * left out, as Docker leaves them.
 */
final class TreeArchive {
    private final RootedFs fs;
    private final TarArchiveOutputStream tar;
    private final Map<Object, String> links = new HashMap<>();

    private TreeArchive(RootedFs fs, OutputStream out) {
        this.fs = fs;
        this.tar = new TarArchiveOutputStream(new NonClosingOutputStream(out));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /**
     * Archives the path {@code components} (already resolved, free of symlinks but possibly one itself)
     * under the name {@code name}; its children as {@code name/child}. An empty {@code name} archives the
     * children only, with names relative to the path (export).
     */
    static void write(RootedFs fs, List<String> components, String name, OutputStream out) throws IOException {
        TreeArchive a = new TreeArchive(fs, out);
        a.entry(components, name);
        a.tar.finish();
        a.tar.flush();
    }

    private void entry(List<String> components, String name) throws IOException {
        Path p = fs.hostOf(components);
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,ino,dev,nlink,rdev,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int type = mode & 0170000;
        if (type == 0040000) {
            if (!name.isEmpty()) {
                put(entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, a));
            }
            List<String> children;
            try (Stream<Path> s = Files.list(p)) {
                children = new ArrayList<>(s.map(c -> c.getFileName().toString()).toList());
            }
            children.sort(String::compareTo);
            for (String child : children) {
                List<String> next = new ArrayList<>(components);
                next.add(child);
                entry(next, name.isEmpty() ? child : name.endsWith("/") ? name + child : name + "/" + child);
            }
        } else if (type == 0120000) {
            TarArchiveEntry l = entry(name, TarConstants.LF_SYMLINK, a);
            l.setLinkName(Files.readSymbolicLink(p).toString());
            put(l);
        } else if (type == 0100000) {
            int nlink = (Integer) a.get("nlink");
            String first = nlink > 1 ? links.putIfAbsent(List.of(a.get("dev"), a.get("ino")), name) : null;
            if (first != null) {
                TarArchiveEntry h = entry(name, TarConstants.LF_LINK, a);
                h.setLinkName(first);
                put(h);
                return;
            }
            TarArchiveEntry f = entry(name, TarConstants.LF_NORMAL, a);
            f.setSize(Files.size(p));
            tar.putArchiveEntry(f);
            Files.copy(p, tar);
            tar.closeArchiveEntry();
        } else if (type == 0020000 || type == 0060000 || type == 0010000) {
            byte kind = type == 0020000 ? TarConstants.LF_CHR : type == 0060000 ? TarConstants.LF_BLK : TarConstants.LF_FIFO;
            TarArchiveEntry dev = entry(name, kind, a);
            long rdev = (Long) a.get("rdev");
            dev.setDevMajor((int) ((rdev >>> 8) & 0xfff | (rdev >>> 32) & ~0xfffL));
            dev.setDevMinor((int) (rdev & 0xff | (rdev >>> 12) & ~0xffL));
            put(dev);
        }
    }

    private static TarArchiveEntry entry(String name, byte kind, Map<String, Object> a) {
        TarArchiveEntry e = new TarArchiveEntry(name, kind, true);
        e.setMode((Integer) a.get("mode"));
        e.setUserId((Integer) a.get("uid"));
        e.setGroupId((Integer) a.get("gid"));
        // whole seconds, as dockerd writes them: a fraction would cost a PAX header per entry
        e.setModTime(((FileTime) a.get("lastModifiedTime")).toMillis() / 1000 * 1000);
        return e;
    }

    private void put(TarArchiveEntry e) throws IOException {
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    /** The caller owns the stream: finishing the tar must not close it. */
    private static final class NonClosingOutputStream extends FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
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
