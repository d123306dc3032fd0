package dev.berth.image;

import dev.berth.image.ImageConfig.ContainerDefaults;
import dev.berth.image.ImageConfig.History;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A throw-away import, run once at idle after start-up: a small rootfs-like tar goes through the
 * code a {@code docker import} runs (tee into a blob, SHA-256, unpack with ownership, modes and
 * times) and is then deleted, blob and layer both. Why: a daemon's first import otherwise pays for
 * loading those classes, binding libc and libcrypto and interpreting the per-entry code (about
 * 100 ms of CPU for a 2 MB busybox, where a warm import takes 30); done at idle, nobody waits.
 * Writes only under the given stores' {@code content/tmp} and {@code layers/.tmp-*}; the daemon gives it
 * stores of its own, outside the data root.
 */
public final class WarmUp {
    /** Entries of the synthetic tar: above C1's invocation threshold (200), so per-entry code gets compiled. */
    static final int LINKS = 240;

    private WarmUp() {}

    /** Runs the import path on a synthetic tar and keeps nothing. */
    public static void importPath(ContentStore content, LayerStore layers) {
        byte[] tar = rootfsTar();
        try (ContentStore.Pending pending = content.begin()) {
            InputStream tee = pending.tee(new ByteArrayInputStream(tar));
            layers.unpackAndDiscard(tee, pending::digest);
        }
        // the image config an import writes (--change parsed, JSON written): its mapper and
        // writers are built here, not in the first import (~10-20 ms of a cold one)
        ContainerDefaults defaults = ConfigChanges.apply(ContainerDefaults.EMPTY, List.of("CMD [\"sh\"]"));
        Instant now = Instant.now();
        ImageConfig config = new ImageConfig(Platforms.hostArchitecture(), Platforms.hostOs(), null, now, null,
                "warm-up", defaults, List.of(Digest.of(tar)), List.of(new History(now, "", "warm-up", false)));
        ImageConfigJson.read(ImageConfigJson.write(config));
    }

    /** Deletes a warm-up's scratch tree (mostly symlinks, none followed); a missing one is no error. */
    public static void deleteScratch(Path scratch) throws IOException {
        SafePath.deleteTree(scratch);
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
