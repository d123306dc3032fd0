package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker cp}'s three operations on a {@link RootedFs}: stat, archive out, extract in. Paths
 * are container paths; a missing one is a {@link NoSuchFileException} (the caller names the
 * container in Docker's 404). Nothing is resolved by the kernel through a symlink.
 */
public final class FsCopy {
    private FsCopy() {}

    /** The stat of {@code path} itself (a symlink is not followed; its final target is reported). */
    public static PathStat stat(RootedFs fs, String path) throws IOException {
        String abs = absolute(path);
        RootedFs.Resolved r = fs.resolve(abs, false);
        if (!r.exists()) {
            throw new NoSuchFileException(abs);
        }
        String target = "";
        if (r.attrs().isSymbolicLink()) {
            target = fs.target(abs);
        }
        return PathStat.of(base(abs), r.host(), target);
    }

    /**
     * Writes a tar of {@code path} to {@code out}: a directory as {@code base/…}, anything else as one
     * entry named {@code base}, where base is the last element of the path as given ({@code .} for a
     * path ending in {@code /.}, which the CLI uses to copy a directory's content).
     */
    public static void archive(RootedFs fs, String path, OutputStream out) throws IOException {
        String abs = absolute(path);
        RootedFs.Resolved r = fs.resolve(abs, false);
        if (!r.exists()) {
            throw new NoSuchFileException(abs);
        }
        TreeArchive.write(fs, r.components(), base(abs), out);
    }

    /** Writes a tar of the whole tree, names relative to {@code /} (export). */
    public static void export(RootedFs fs, OutputStream out) throws IOException {
        TreeArchive.write(fs, List.of(), "", out);
    }

    /**
     * Where an upload lands, checked writable before anything of the body is read: {@code root} is the
     * host directory of the container's {@code /} or of the mount that holds the destination, and
     * {@code prefix} the destination's components below it.
     */
    public record Destination(Path root, List<String> prefix, List<String> mountPoints) {
        public Destination {
            prefix = List.copyOf(prefix);
            mountPoints = List.copyOf(mountPoints);
        }
    }

    /**
     * Resolves the directory an upload goes to (the last component followed, so a symlink to a directory
     * works) and checks it is writable: a read-only mount, or the root when {@code rootReadOnly}, is
     * refused with dockerd's words.
     */
    public static Destination destination(RootedFs fs, String path, boolean rootReadOnly) throws IOException {
        RootedFs.Resolved r = fs.resolve(absolute(path), true);
        if (!r.exists()) {
            throw new NoSuchFileException(absolute(path));
        }
        if (!r.attrs().isDirectory()) {
            throw EngineException.invalid("extraction point is not a directory");
        }
        RootedFs.MountPoint m = fs.mountOf(r.containerPath());
        if (m != null && m.readOnly()) {
            throw EngineException.invalid("mounted volume is marked read-only");
        }
        if (m == null && rootReadOnly) {
            throw EngineException.invalid("container rootfs is marked read-only");
        }
        String base = m == null ? "" : m.target();
        List<String> below = new ArrayList<>();
        for (RootedFs.MountPoint other : fs.mounts()) {
            if (other.target().startsWith(base + "/") && !other.target().equals(base)) {
                below.add(other.target().substring(base.length() + 1));
            }
        }
        if (m == null) {
            return new Destination(fs.root(), r.components(), below);
        }
        int depth = m.target().split("/").length - 1;
        return new Destination(m.source(), r.components().subList(depth, r.components().size()), below);
    }

    /**
     * Extracts {@code tar} (plain or compressed, read as it streams) into the destination; entries stay
     * inside it (see {@link TarExtractor}).
     *
     * @param uid owner forced on every entry ({@code copyUIDGID}), -1 to keep the archive's
     */
    public static void extract(Destination to, InputStream tar, boolean noOverwriteDirNonDir, int uid, int gid) {
        new TarExtractor(to.root(), Native.isRoot(),
                new TarExtractor.CopyOptions(to.prefix(), to.mountPoints(), noOverwriteDirNonDir, uid, gid)).extract(Decompression.open(tar));
    }

    /** The path from {@code /}, keeping a trailing {@code /} or {@code /.} as Docker does. */
    static String absolute(String path) {
        String p = path == null ? "" : path;
        return p.startsWith("/") ? p : "/" + p;
    }

    /** Go's filepath.Base of the cleaned path, except that a trailing {@code /.} gives {@code .}. */
    static String base(String abs) {
        if (abs.endsWith("/.")) {
            return ".";
        }
        List<String> c = new ArrayList<>();
        for (String s : abs.split("/")) {
            if (s.equals("..")) {
                if (!c.isEmpty()) {
                    c.remove(c.size() - 1);
                }
            } else if (!s.isEmpty() && !s.equals(".")) {
                c.add(s);
            }
        }
        return c.isEmpty() ? "/" : c.get(c.size() - 1);
    }
}
