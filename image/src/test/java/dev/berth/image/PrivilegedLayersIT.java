package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import jnr.posix.FileStat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only root can do to a layer (ownership, overlay whiteouts as 0/0 character devices,
 * {@code trusted.*} xattrs). These were unit tests that skipped unless root; as ITs they run in CI
 * (as root) and fail anywhere else.
 */
class PrivilegedLayersIT {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void requireRoot() throws IOException {
        assertTrue(Native.isRoot(), "needs root: lchown, mknod of whiteouts, trusted.* xattrs");
        root = Files.createDirectory(tmp.resolve("root"));
    }

    private static Map<String, TarArchiveEntry> entries(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), e);
            }
        }
        return out;
    }

    @Test
    void extract_whiteouts_becomeOverlayWhiteouts() throws IOException {
        new TarExtractor(root, true).extract(new ByteArrayInputStream(new TarBuilder()
                .dir("etc", 0755).file("etc/.wh.motd", "").dir("var/cache", 0755)
                .file("var/cache/.wh..wh..opq", "").charDevice("dev/null", 1, 3).build()));
        FileStat wh = Native.posix().lstat(root.resolve("etc/motd").toString());
        assertThat(wh.isCharDev()).isTrue();
        assertThat(wh.rdev()).isZero();
        assertThat(Files.exists(root.resolve("etc/.wh.motd"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        byte[] buf = new byte[8];
        long n = Native.libc().lgetxattr(root.resolve("var/cache").toString(), "trusted.overlay.opaque", buf, buf.length);
        assertThat(n).isEqualTo(1);
        assertThat((char) buf[0]).isEqualTo('y');
        FileStat dev = Native.posix().lstat(root.resolve("dev/null").toString());
        assertThat(dev.isCharDev()).isTrue();
        assertThat(dev.rdev()).isEqualTo(Native.makedev(1, 3));
    }

    @Test
    void extract_ownership_kept() throws IOException {
        TarArchiveEntry e = new TarArchiveEntry("owned", true);
        // Built by hand to set ids; TarBuilder keeps 0/0.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = new TarArchiveOutputStream(bytes)) {
            e.setIds(1234, 5678);
            e.setMode(0102755);
            e.setSize(1);
            out.putArchiveEntry(e);
            out.write('x');
            out.closeArchiveEntry();
        }
        new TarExtractor(root, true).extract(new ByteArrayInputStream(bytes.toByteArray()));
        FileStat st = Native.posix().lstat(root.resolve("owned").toString());
        assertThat(st.uid()).isEqualTo(1234);
        assertThat(st.gid()).isEqualTo(5678);
        assertThat(st.mode() & 07777).isEqualTo(02755); // setgid survives the chown
    }

    @Test
    void layerDiff_overlayWhiteoutsAndOpaqueDirs_becomeOciWhiteouts_andApplyBack() throws IOException {
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(upper.resolve("etc"));
        assertThat(Native.libc().mknod(upper.resolve("etc/group").toString(), Native.S_IFCHR, 0)).isZero();
        Path opaque = Files.createDirectories(upper.resolve("opaque"));
        Metadata.setXattr(opaque, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(opaque.resolve("kept"), "k");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerDiff.write(upper, out);
        Map<String, TarArchiveEntry> e = entries(out.toByteArray());
        assertThat(e.keySet()).contains("etc/", "etc/.wh.group", "opaque/", "opaque/.wh..wh..opq", "opaque/kept")
                .doesNotContain("etc/group");
        assertThat(e.get("etc/.wh.group").isFile()).isTrue();

        // Applying the diff gives overlay whiteouts again.
        LayerStore store = new LayerStore(tmp.resolve("store"));
        AppliedLayer applied = store.apply(null, new ByteArrayInputStream(out.toByteArray()));
        Path group = store.dir(applied.chainId()).resolve("etc/group");
        Map<String, Object> attrs = Files.readAttributes(group, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        assertThat((Integer) attrs.get("mode") & 0170000).isEqualTo(0020000);
        assertThat(LayerDiff.isOpaque(store.dir(applied.chainId()).resolve("opaque"))).isTrue();
    }
}
