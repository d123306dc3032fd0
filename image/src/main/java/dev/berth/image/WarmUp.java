package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * A throw-away import, run once at idle after start-up: a small rootfs-like tar goes through the
 * code a {@code docker import} runs (tee into a blob, SHA-256, unpack with ownership, modes and
 * times, commit, config blob) and is then deleted, blobs and layer. Why: a daemon's first import otherwise pays for
 * loading those classes, binding libc and libcrypto and interpreting the per-entry code (about
 * 100 ms of CPU for a 2 MB busybox, where a warm import takes 30); done at idle, nobody waits.
 * Writes only in the stores it is given; the daemon gives it stores of its own, outside the data root, on a
 * tmpfs of their own where it can ({@link #prepareScratch}).
 */
public final class WarmUp {
    /**
     * Symlinks in the synthetic tar. The interpreter asks the JIT policy about a method only every 128th call
     * (Tier0InvokeNotifyFreqLog=7), and the policy wants 200 calls, more while start-up's compile queue is long
     * (Tier3LoadFeedback): 240 entries were asked about once, at 128, and compiled nothing per entry (the first
     * real import compiled ~40 tar and extraction methods while its client waited). 1,000 are asked about 7 times.
     */
    static final int LINKS = 1000;
    private static final long MS_NOSUID = 2;
    private static final long MS_NODEV = 4;
    private static final long MS_NOEXEC = 8;

    private WarmUp() {}

    /**
     * Runs {@link Importer#importRootfs} on a synthetic tar in the given stores, with the CLI's {@code CMD ["sh"]}
     * change: tee into a blob, SHA-256, unpack, the layer renamed into place, both blobs committed (fsync, rename;
     * the commit's helper thread started), the config's JSON written and read back. Everything it makes stays in
     * those stores: they are scratch ones, deleted by the caller ({@link #deleteScratch}).
     */
    public static ImportResult importPath(ContentStore content, LayerStore layers) {
        ImportResult result = new Importer(content, layers).importRootfs(new ByteArrayInputStream(rootfsTar()),
                List.of("CMD [\"sh\"]"), null, null, null);
        ImageConfigJson.read(content.read(result.imageId()));
        return result;
    }

    /**
     * Makes {@code scratch} (empty) for {@link #importPath}: a stale one (a kill's) is deleted first, and unless it
     * already is on a tmpfs, a tmpfs of its own is mounted on it when this process may mount (root). Why: ext4
     * without a journal does not reuse an inode freed in the last minute or more, and finds that out inode by inode
     * on every allocation in the group; the warm-up's ~245 deleted inodes, beside the data root, made each of the
     * first real import's ~280 new ones walk past them (busybox's unpack 2-3 times slower). On a tmpfs the
     * warm-up creates and deletes no inode of the data root's filesystem. Where the mount fails it works on disk.
     *
     * @return whether a tmpfs was mounted on {@code scratch} ({@link #deleteScratch} unmounts it in any case)
     */
    public static boolean prepareScratch(Path scratch) throws IOException {
        deleteScratch(scratch);
        Files.createDirectories(scratch);
        if (onTmpfs(scratch) || !Native.isRoot()) {
            return false;
        }
        try {
            Mounts.mount("tmpfs", scratch, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0700,size=16m");
            return true;
        } catch (EngineException e) {
            return false;
        }
    }

    /**
     * Deletes a warm-up's scratch tree (mostly symlinks, none followed), unmounting its tmpfs first; a missing one
     * is no error.
     */
    public static void deleteScratch(Path scratch) throws IOException {
        if (Files.isDirectory(scratch, LinkOption.NOFOLLOW_LINKS) && Native.isRoot()) {
            try {
                Mounts.unmount(scratch); // not a mount point: nothing to do
            } catch (EngineException e) {
                // root without the right to mount (a user namespace's): nothing was mounted here
            }
        }
        SafePath.deleteTree(scratch);
    }

    static boolean onTmpfs(Path p) throws IOException {
        return "tmpfs".equals(Files.getFileStore(p).type());
    }

    /** A busybox-like tree: a directory, one executable and many symlinks to it. */
    static byte[] rootfsTar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entry(out, "bin/", '5', 0755, new byte[0], "");
        byte[] body = new byte[3000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        entry(out, "bin/busybox", '0', 0755, body, "");
        for (int i = 0; i < LINKS; i++) {
            entry(out, "bin/applet" + i, '2', 0777, new byte[0], "busybox");
        }
        out.writeBytes(new byte[1024]); // end of archive: two zero records
        return out.toByteArray();
    }

    /** One ustar header and its content, padded to the 512-byte record. */
    private static void entry(OutputStream out, String name, char type, int mode, byte[] content, String link) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, octal(mode, 7));
        put(h, 108, octal(0, 7));
        put(h, 116, octal(0, 7));
        put(h, 124, octal(content.length, 11));
        put(h, 136, octal(1_700_000_000L, 11));
        h[156] = (byte) type;
        put(h, 157, link);
        put(h, 257, "ustar\0" + "00");
        put(h, 148, "        ");
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, octal(sum, 6) + "\0 ");
        try {
            out.write(h);
            out.write(content);
            out.write(new byte[(512 - content.length % 512) % 512]);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a byte array stream does not fail", e);
        }
    }

    private static String octal(long value, int digits) {
        String s = Long.toOctalString(value);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
