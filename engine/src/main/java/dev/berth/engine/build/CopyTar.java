package dev.berth.engine.build;

import dev.berth.image.Decompression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The tar a COPY/ADD extracts at the image's root: each source with its mode and mtime, owned by
 * --chown (root by default), --chmod applied to files and directories, and the destination's
 * missing parent directories (0755, same owner). Directories the image has already are not
 * written, so their owner and mode stay as they were — as the classic builder leaves them.
 */
final class CopyTar {
    private final TarArchiveOutputStream tar;
    private final int uid;
    private final int gid;
    private final Integer chmod;
    private final Predicate<String> existsInImage;
    private final Set<String> written = new HashSet<>();

    CopyTar(OutputStream out, int uid, int gid, Integer chmod, Predicate<String> existsInImage) {
        this.tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        this.uid = uid;
        this.gid = gid;
        this.chmod = chmod;
        this.existsInImage = existsInImage;
    }

    /** A file or directory tree from the context at {@code target} (absolute). */
    void add(Path source, String target) throws IOException {
        parents(target);
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            if (!target.equals("/") && !existsInImage.test(target)) {
                entry(source, target);
            }
            List<Path> children;
            try (Stream<Path> s = Files.list(source)) {
                children = new ArrayList<>(s.sorted().toList());
            }
            for (Path child : children) {
                add(child, (target.equals("/") ? "" : target) + "/" + child.getFileName());
            }
        } else {
            entry(source, target);
        }
    }

    /** ADD of a local archive: its entries below {@code dir}, owners kept unless --chown. */
    void addArchive(Path archive, String dir, boolean chown) throws IOException {
        parents(dir + "/x");
        if (!existsInImage.test(dir) && written.add(dir)) {
            TarArchiveEntry d = new TarArchiveEntry(name(dir) + "/");
            d.setMode(040755);
            d.setIds(uid, gid);
            tar.putArchiveEntry(d);
            tar.closeArchiveEntry();
        }
        try (InputStream in = Decompression.open(Files.newInputStream(archive)); TarArchiveInputStream src = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = src.getNextEntry()) != null) {
                String inner = Path.of("/", e.getName()).normalize().toString();
                String target = (dir.equals("/") ? "" : dir) + inner;
                TarArchiveEntry out = new TarArchiveEntry(name(target) + (e.isDirectory() ? "/" : ""),
                        e.isSymbolicLink() ? TarArchiveEntry.LF_SYMLINK : e.isLink() ? TarArchiveEntry.LF_LINK
                                : e.isDirectory() ? TarArchiveEntry.LF_DIR : TarArchiveEntry.LF_NORMAL);
                out.setMode(e.getMode());
                out.setModTime(e.getModTime());
                if (chown) {
                    out.setIds(uid, gid);
                } else {
                    out.setIds((int) e.getLongUserId(), (int) e.getLongGroupId());
                }
                if (e.isSymbolicLink()) {
                    out.setLinkName(e.getLinkName());
                } else if (e.isLink()) {
                    out.setLinkName(name((dir.equals("/") ? "" : dir) + Path.of("/", e.getLinkName()).normalize()));
                } else if (e.isFile()) {
                    out.setSize(e.getSize());
                }
                tar.putArchiveEntry(out);
                if (e.isFile() && !e.isLink()) {
                    src.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
        }
    }

    /**
     * Entries of a {@code docker cp}-style archive of one path (names start with its base name),
     * placed at {@code target}: a directory's contents go below it, a file becomes it. Owners are
     * this copy's; modes are kept unless --chmod.
     */
    void addArchived(InputStream archive, String target, boolean directory) throws IOException {
        parents(directory ? target + "/x" : target);
        if (directory && !target.equals("/") && !existsInImage.test(target) && written.add(target)) {
            TarArchiveEntry d = new TarArchiveEntry(name(target) + "/");
            d.setMode(040755);
            d.setIds(uid, gid);
            tar.putArchiveEntry(d);
            tar.closeArchiveEntry();
        }
        TarArchiveInputStream src = new TarArchiveInputStream(archive);
        TarArchiveEntry e;
        while ((e = src.getNextEntry()) != null) {
            String inner = e.getName();
            int slash = inner.indexOf('/');
            String rest = slash < 0 ? "" : inner.substring(slash + 1);
            while (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1);
            }
            if (directory && rest.isEmpty()) {
                continue;
            }
            String path = directory ? (target.equals("/") ? "" : target) + "/" + rest : target;
            TarArchiveEntry out = new TarArchiveEntry(name(path) + (e.isDirectory() ? "/" : ""),
                    e.isSymbolicLink() ? TarArchiveEntry.LF_SYMLINK : e.isDirectory() ? TarArchiveEntry.LF_DIR
                            : TarArchiveEntry.LF_NORMAL);
            int perms = e.getMode() & 07777;
            out.setMode((e.getMode() & ~07777) | (chmod != null && !e.isSymbolicLink() ? chmod : perms));
            out.setModTime(e.getModTime());
            out.setIds(uid, gid);
            if (e.isSymbolicLink()) {
                out.setLinkName(e.getLinkName());
            } else if (e.isFile()) {
                out.setSize(e.getSize());
            }
            if (e.isDirectory()) {
                written.add(path);
            }
            tar.putArchiveEntry(out);
            if (e.isFile()) {
                src.transferTo(tar);
            }
            tar.closeArchiveEntry();
        }
    }

    /** A directory and its missing parents (WORKDIR), root-owned 0755 unless the image has them. */
    void directory(String path) throws IOException {
        parents(path + "/x");
    }

    void finish() throws IOException {
        tar.finish();
        tar.flush();
    }

    /** Whether {@code file} is an archive ADD unpacks: a tar, plain or gzip/bzip2/xz/zstd-compressed (as dockerd's). */
    static boolean isArchive(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (InputStream in = Decompression.open(Files.newInputStream(file)); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            return t.getNextEntry() != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void parents(String target) throws IOException {
        List<String> missing = new ArrayList<>();
        Path p = Path.of(target).getParent();
        while (p != null && !p.toString().equals("/")) {
            String dir = p.toString();
            if (written.contains(dir) || existsInImage.test(dir)) {
                break;
            }
            missing.add(0, dir);
            p = p.getParent();
        }
        for (String dir : missing) {
            if (written.add(dir)) {
                TarArchiveEntry d = new TarArchiveEntry(name(dir) + "/");
                d.setMode(040755);
                d.setIds(uid, gid);
                tar.putArchiveEntry(d);
                tar.closeArchiveEntry();
            }
        }
    }

    private void entry(Path source, String target) throws IOException {
        PosixFileAttributes attrs = Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int perms = mode(attrs.permissions());
        TarArchiveEntry e;
        if (attrs.isSymbolicLink()) {
            e = new TarArchiveEntry(name(target), TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(source).toString());
            e.setMode(0120777);
        } else if (attrs.isDirectory()) {
            written.add(target);
            e = new TarArchiveEntry(name(target) + "/");
            e.setMode(040000 | (chmod != null ? chmod : perms));
        } else {
            e = new TarArchiveEntry(name(target));
            e.setMode(0100000 | (chmod != null ? chmod : perms));
            e.setSize(attrs.size());
        }
        e.setModTime(attrs.lastModifiedTime().toMillis());
        e.setIds(uid, gid);
        tar.putArchiveEntry(e);
        if (attrs.isRegularFile()) {
            Files.copy(source, tar);
        }
        tar.closeArchiveEntry();
    }

    private static String name(String absolute) {
        return absolute.startsWith("/") ? absolute.substring(1) : absolute;
    }

    static int mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return m;
    }
}
