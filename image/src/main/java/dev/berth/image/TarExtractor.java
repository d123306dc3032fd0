package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks one layer tar into a directory so it can serve as an overlayfs lower dir.
 *
 * <p>Safety: entry names are cleaned and must stay under the root ({@code ../x} is rejected,
 * {@code /x} lands at {@code root/x}); symlinks already on disk in parent directories are resolved
 * inside the root, never followed by the kernel; the entry's own path is replaced, never written
 * through; hard links must name an entry inside the layer. Symlink targets themselves are stored
 * as given (they are only ever read inside the container's root).
 *
 * <p>OCI whiteouts become overlayfs ones: {@code .wh.<name>} a 0/0 character device,
 * {@code .wh..wh..opq} the {@code trusted.overlay.opaque=y} xattr. Devices, ownership and whiteouts
 * need root; without it devices are skipped and ownership is left to the current user.
 */
final class TarExtractor {
    private static final Logger LOG = LoggerFactory.getLogger(TarExtractor.class);
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    /** Go's archive/tar refuses PAX and GNU long-name records above this (maxSpecialFileSize). */
    static final long MAX_SPECIAL_SIZE = 1 << 20;

    private final Path root;
    private final boolean privileged;
    /** Null for an image layer; set for a {@code docker cp} upload, which has other rules. */
    private final CopyOptions copy;
    private byte[] buffer;
    /** Directory times are set last: creating entries inside a directory would change its mtime. */
    private final List<DirTime> dirTimes = new ArrayList<>();
    private long size;
    /** The last entry's parent directory, by its components and as resolved (see {@link #parentDir}). */
    private List<String> lastParent;
    private Path lastParentDir;

    TarExtractor(Path root) {
        this(root, Native.isRoot());
    }

    TarExtractor(Path root, boolean privileged) {
        this(root, privileged, null);
    }

    TarExtractor(Path root, boolean privileged, CopyOptions copy) {
        this.root = root;
        this.privileged = privileged;
        this.copy = copy;
    }

    /**
     * A {@code docker cp} upload: {@code .wh.} names are ordinary files (no whiteouts), device nodes are
     * refused (a container must not gain one by copying), and with {@code noOverwriteDirNonDir} a
     * directory is never replaced by a non-directory nor the other way round. The extractor's root is
     * the container's (or its mount's) root and names land under {@code prefix}, the destination: a
     * symlink the archive makes then resolves from the container's {@code /}, as in dockerd's chroot,
     * while {@code ..} may still not climb above the destination.
     *
     * @param prefix      the destination's components under the root (symlink-free)
     * @param mountPoints paths under the root (no leading slash) where the container has something else
     *                    mounted: an entry landing there would be hidden under the mount, so it is refused
     * @param uid         owner forced on every entry ({@code copyUIDGID}), or -1 to keep the archive's
     * @param gid         group likewise
     */
    record CopyOptions(List<String> prefix, List<String> mountPoints, boolean noOverwriteDirNonDir, int uid, int gid) {
        CopyOptions {
            prefix = List.copyOf(prefix);
            mountPoints = List.copyOf(mountPoints);
        }
    }

    /**
     * Extracts every entry of {@code tar}; returns the layer's size as dockerd counts it (the sizes lstat
     * gives of what is not a directory: regular files' content and symbolic links' targets, a hard link's
     * file once, devices and FIFOs nothing).
     */
    long extract(InputStream tar) {
        TarArchiveInputStream in = new BoundedTarInputStream(tar);
        try {
            TarArchiveEntry e;
            while ((e = nextEntry(in)) != null) {
                apply(e, in);
            }
            for (DirTime d : dirTimes) {
                Metadata.times(d.path(), d.entry());
            }
            return size;
        } catch (IOException ex) {
            throw EngineException.unavailable("cannot extract layer: " + ex.getMessage(), ex);
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream in) {
        try {
            return in.getNextEntry();
        } catch (EngineException ex) {
            throw ex;
        } catch (IOException | IllegalArgumentException ex) {
            throw EngineException.invalid("archive/tar: invalid tar header");
        }
    }

    private void apply(TarArchiveEntry e, InputStream content) throws IOException {
        List<String> comps = under(SafePath.clean(e.getName()));
        if (comps.isEmpty() || copy != null && comps.size() == copy.prefix().size()) {
            if (e.isDirectory()) {
                Path dir = SafePath.resolveDir(root, comps, false);
                Metadata.apply(dir, e, privileged);
                dirTimes.add(new DirTime(dir, e));
            }
            return;
        }
        String base = comps.get(comps.size() - 1);
        if (copy != null && (e.isCharacterDevice() || e.isBlockDevice())) {
            throw EngineException.invalid("archive/tar: device node " + e.getName() + " is not allowed in a copy");
        }
        Path dir = parentDir(comps.subList(0, comps.size() - 1));
        if (copy == null && base.startsWith(WHITEOUT)) {
            whiteout(dir, base);
            return;
        }
        Path path = dir.resolve(base);
        BasicFileAttributes existing = SafePath.attrs(path);
        if (copy != null) {
            checkNotUnderMount(path, e.getName());
            checkOverwrite(e, existing, String.join("/", comps));
            if (copy.uid() >= 0) {
                e.setUserId(copy.uid());
                e.setGroupId(copy.gid());
            }
        }
        if (existing != null && !(e.isDirectory() && existing.isDirectory())) {
            SafePath.deleteTree(path);
        }
        if (e.isDirectory()) {
            if (existing == null || !existing.isDirectory()) {
                Files.createDirectory(path);
            }
            dirTimes.add(new DirTime(path, e));
        } else if (e.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(e.getLinkName()));
            // a link's size is its target's length (lstat's st_size), which dockerd's layer size counts
            size += e.getLinkName().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        } else if (e.isLink()) {
            hardLink(path, e.getLinkName());
        } else if (e.isCharacterDevice() || e.isBlockDevice()) {
            if (!privileged) {
                LOG.debug("skipping device {} (not root)", e.getName());
                return;
            }
            int type = e.isCharacterDevice() ? Native.S_IFCHR : Native.S_IFBLK;
            mknod(path, type | (e.getMode() & 07777), Native.makedev(e.getDevMajor(), e.getDevMinor()));
        } else if (e.isFIFO()) {
            mknod(path, Native.S_IFIFO | (e.getMode() & 07777), 0);
        } else if (e.isFile()) {
            writeFile(path, content);
            size += e.getSize();
        } else {
            LOG.debug("skipping tar entry {} of unsupported type", e.getName());
            return;
        }
        Metadata.apply(path, e, privileged);
        if (!e.isDirectory()) {
            Metadata.times(path, e);
        }
    }

    /**
     * The real directory an entry goes into. An image layer's entries come directory by directory: the next
     * entry in the same one (by its components) reuses the last resolution, one existence probe and one lstat
     * per entry fewer. Sound because an entry only ever writes its own name inside that directory, which
     * cannot change how the directory itself resolves; any entry elsewhere resolves afresh and replaces the
     * remembered one. Not for a {@code docker cp} upload: a running container may change its tree meanwhile.
     */
    private Path parentDir(List<String> parent) throws IOException {
        if (copy == null && parent.equals(lastParent)) {
            return lastParentDir;
        }
        Path dir = SafePath.resolveDir(root, parent, true);
        if (copy == null) {
            lastParent = List.copyOf(parent);
            lastParentDir = dir;
        }
        return dir;
    }

    /** Berth writes a mount's content only through its own destination path (see {@link CopyOptions}). */
    private void checkNotUnderMount(Path path, String name) {
        String rel = root.relativize(path).toString();
        for (String mp : copy.mountPoints()) {
            if (rel.equals(mp) || rel.startsWith(mp + "/")) {
                throw EngineException.invalid("copying " + name + " into the mount at /" + mp
                        + " from above it is not supported by Berth yet: copy to /" + mp + " itself");
            }
        }
    }

    /** dockerd's wording for the two refusals of {@code noOverwriteDirNonDir}. */
    private void checkOverwrite(TarArchiveEntry e, BasicFileAttributes existing, String name) {
        if (!copy.noOverwriteDirNonDir() || existing == null) {
            return;
        }
        if (existing.isDirectory() && !e.isDirectory()) {
            throw EngineException.invalid("cannot overwrite directory \"/" + name + "\" with non-directory \"" + e.getName() + "\"");
        }
        if (!existing.isDirectory() && e.isDirectory()) {
            throw EngineException.invalid("cannot overwrite non-directory \"/" + name + "\" with directory \"" + e.getName() + "\"");
        }
    }

    private void writeFile(Path path, InputStream content) throws IOException {
        // CREATE_NEW is O_EXCL: it never writes through a symlink that raced into place.
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // one buffer per extraction, larger than transferTo's 8 KiB: fewer writes for big files
            if (buffer == null) {
                buffer = new byte[256 * 1024];
            }
            int n;
            while ((n = read(content, path)) > 0) {
                // a failed write (a full disk) is the host's fault, not the archive's: it stays an
                // IOException, a 500 with its own words ("no space left on device")
                out.write(buffer, 0, n);
            }
        }
    }

    private int read(InputStream content, Path path) {
        try {
            return content.read(buffer);
        } catch (IOException ex) {
            throw EngineException.invalid("archive/tar: truncated entry " + path.getFileName());
        }
    }

    /** An upload's names are relative to its destination: the prefix puts them there under the root. */
    private List<String> under(List<String> comps) {
        if (copy == null || copy.prefix().isEmpty()) {
            return comps;
        }
        List<String> all = new ArrayList<>(copy.prefix());
        all.addAll(comps);
        return all;
    }

    private void hardLink(Path path, String linkName) throws IOException {
        List<String> target = under(SafePath.clean(linkName));
        if (target.isEmpty()) {
            throw EngineException.invalid("invalid hard link target \"" + linkName + "\"");
        }
        Path targetDir = SafePath.resolveDir(root, target.subList(0, target.size() - 1), false);
        Path targetPath = targetDir.resolve(target.get(target.size() - 1));
        BasicFileAttributes a = SafePath.attrs(targetPath);
        if (a == null || a.isDirectory()) {
            throw EngineException.invalid("invalid hard link target \"" + linkName + "\": not in the layer");
        }
        Files.createLink(path, targetPath);
    }

    private void whiteout(Path dir, String base) throws IOException {
        if (base.equals(OPAQUE)) {
            Metadata.setXattr(dir, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (base.startsWith(WHITEOUT + WHITEOUT)) {
            return; // aufs metadata (.wh..wh.plnk etc.): nothing to do for overlay
        }
        Path hidden = dir.resolve(base.substring(WHITEOUT.length()));
        SafePath.deleteTree(hidden);
        mknod(hidden, Native.S_IFCHR, Native.makedev(0, 0));
    }

    private static void mknod(Path path, int mode, long dev) {
        if (Native.libc().mknod(path.toString(), mode, dev) != 0) {
            int errno = Native.errno();
            throw EngineException.unavailable("mknod " + path + ": " + Native.strerror(errno), null);
        }
    }

    private record DirTime(Path path, TarArchiveEntry entry) {}

    /**
     * Refuses PAX headers and GNU long names above {@link #MAX_SPECIAL_SIZE} before they are read
     * into memory: commons-compress would buffer whatever size the header claims.
     */
    private static final class BoundedTarInputStream extends TarArchiveInputStream {
        BoundedTarInputStream(InputStream in) {
            super(in, StandardCharsets.UTF_8.name());
        }

        @Override
        public int read(byte[] buf, int offset, int len) throws IOException {
            TarArchiveEntry e = getCurrentEntry();
            if (e != null && (e.isPaxHeader() || e.isGlobalPaxHeader()) && e.getSize() > MAX_SPECIAL_SIZE) {
                throw EngineException.invalid("archive/tar: header field too long");
            }
            return super.read(buf, offset, len);
        }

        @Override
        protected byte[] getLongNameData() throws IOException {
            TarArchiveEntry e = getCurrentEntry();
            if (e != null && e.getSize() > MAX_SPECIAL_SIZE) {
                throw EngineException.invalid("archive/tar: header field too long");
            }
            return super.getLongNameData();
        }
    }

    /** PAX xattrs the tar carries ({@code SCHILY.xattr.*}), e.g. file capabilities. */
    static Map<String, String> xattrs(TarArchiveEntry e) {
        Map<String, String> out = new java.util.TreeMap<>();
        e.getExtraPaxHeaders().forEach((k, v) -> {
            if (k.startsWith("SCHILY.xattr.")) {
                out.put(k.substring("SCHILY.xattr.".length()), v);
            }
        });
        return out;
    }
}
