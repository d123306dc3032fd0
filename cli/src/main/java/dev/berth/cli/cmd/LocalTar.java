package dev.berth.cli.cmd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** {@code cp}'s local side: a host path as a tar (renamed at its top), and a tar unpacked under a directory. */
final class LocalTar {
    private LocalTar() {}

    /** Writes {@code src} as {@code name} (and {@code name/…} for a directory); returns the bytes of content. */
    static long write(Path src, String name, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        long[] size = {0};
        entry(src, name, tar, size);
        tar.finish();
        tar.flush();
        return size[0];
    }

    private static void entry(Path p, String name, TarArchiveOutputStream tar, long[] size) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int type = mode & 0170000;
        TarArchiveEntry e;
        if (type == 0040000) {
            e = new TarArchiveEntry(name.equals(".") ? "./" : name + "/", TarArchiveEntry.LF_DIR, true);
        } else if (type == 0120000) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (type == 0100000) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_NORMAL, true);
            e.setSize(Files.size(p));
        } else {
            return; // devices, fifos and sockets are not copied from the host
        }
        e.setMode(mode);
        e.setUserId((Integer) a.get("uid"));
        e.setGroupId((Integer) a.get("gid"));
        e.setModTime(((FileTime) a.get("lastModifiedTime")).toMillis());
        tar.putArchiveEntry(e);
        if (type == 0100000) {
            Files.copy(p, tar);
            size[0] += e.getSize();
        }
        tar.closeArchiveEntry();
        if (type == 0040000) {
            List<Path> children;
            try (Stream<Path> s = Files.list(p)) {
                children = new ArrayList<>(s.toList());
            }
            children.sort(null);
            for (Path c : children) {
                entry(c, name + "/" + c.getFileName(), tar, size);
            }
        }
    }

    /**
     * Unpacks {@code in} under {@code dir}, the first name element {@code from} renamed {@code to}. Names
     * that climb out ({@code ..}) are refused; nothing is written through a link the archive made.
     */
    static long extract(InputStream in, Path dir, String from, String to) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        long size = 0;
        Set<Path> links = new HashSet<>();
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String name = rebase(e.getName(), from, to);
            if (name.isEmpty()) {
                continue;
            }
            Path target = dir.resolve(name).normalize();
            if (!target.startsWith(dir) || name.split("/")[0].equals("..")) {
                throw new IOException("invalid tar entry " + e.getName() + ": outside of the destination");
            }
            for (Path p = target.getParent(); p != null && p.startsWith(dir) && !p.equals(dir); p = p.getParent()) {
                if (links.contains(p) || Files.isSymbolicLink(p)) {
                    throw new IOException("invalid tar entry " + e.getName() + ": through a symbolic link");
                }
            }
            if (e.isDirectory()) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(target);
                    Files.createDirectories(target);
                }
            } else {
                Files.createDirectories(target.getParent());
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("cannot overwrite directory " + target + " with non-directory");
                }
                Files.deleteIfExists(target);
                if (e.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    links.add(target);
                    continue;
                } else if (e.isFile()) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    size += e.getSize();
                } else {
                    continue; // devices and fifos stay in the container
                }
            }
            Files.setPosixFilePermissions(target, permissions(e.getMode()));
            Files.setLastModifiedTime(target, FileTime.from(e.getLastModifiedTime().toInstant()));
        }
        return size;
    }

    static String rebase(String name, String from, String to) {
        String n = name.startsWith("./") && !from.equals(".") ? name.substring(2) : name;
        if (n.equals(from) || n.equals(from + "/")) {
            return to;
        }
        if (n.startsWith(from + "/")) {
            return to + n.substring(from.length());
        }
        return n;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = new HashSet<>();
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                s.add(all[i]);
            }
        }
        return s;
    }
}
