package dev.berth.cli.cmd;

import dev.berth.dockerfile.DockerIgnore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The build context as the docker CLI sends it: the directory's files as a tar, all owned by
 * root, minus what {@code .dockerignore} excludes — except the Dockerfile and .dockerignore,
 * which always go (the daemon decides about them).
 */
final class ContextTar {
    private ContextTar() {
    }

    /** @param outside a Dockerfile from outside the context, added as {@code dockerfile}; null when inside */
    static void write(Path dir, String dockerfile, byte[] outside, OutputStream out) throws IOException {
        Path ignoreFile = dir.resolve(".dockerignore");
        DockerIgnore ignore = Files.isRegularFile(ignoreFile) ? DockerIgnore.parse(Files.readString(ignoreFile))
                : DockerIgnore.none();
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        walk(dir, dir, dockerfile, ignore, tar);
        if (outside != null) {
            addFile(tar, dockerfile, outside);
        }
        tar.finish();
        tar.flush();
    }

    private static void addFile(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100600);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void walk(Path root, Path dir, String dockerfile, DockerIgnore ignore, TarArchiveOutputStream tar)
            throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        }
        for (Path p : children) {
            String rel = root.relativize(p).toString();
            boolean always = rel.equals(dockerfile) || rel.equals(".dockerignore");
            boolean excluded = !always && ignore.excludes(rel);
            boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            if (excluded && !(isDir && ignore.mayIncludeBelow(rel))) {
                continue;
            }
            if (!excluded) {
                entry(p, rel, tar);
            }
            if (isDir) {
                walk(root, p, dockerfile, ignore, tar);
            }
        }
    }

    private static void entry(Path p, String rel, TarArchiveOutputStream tar) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (PosixFilePermission perm : a.permissions()) {
            mode |= 1 << (8 - perm.ordinal());
        }
        TarArchiveEntry e;
        if (a.isSymbolicLink()) {
            e = new TarArchiveEntry(rel, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (a.isDirectory()) {
            e = new TarArchiveEntry(rel + "/");
            e.setMode(040000 | mode);
        } else if (a.isRegularFile()) {
            e = new TarArchiveEntry(rel);
            e.setMode(0100000 | mode);
            e.setSize(a.size());
        } else {
            return;
        }
        e.setIds(0, 0);
        e.setModTime(a.lastModifiedTime().toMillis());
        tar.putArchiveEntry(e);
        if (a.isRegularFile()) {
            Files.copy(p, tar);
        }
        tar.closeArchiveEntry();
    }
}
