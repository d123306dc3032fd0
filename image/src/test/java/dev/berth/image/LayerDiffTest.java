package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerDiffTest {
    @TempDir
    Path tmp;

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
    void write_filesDirsLinks_keepsTypesSortedAndHardLinks() throws IOException {
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/b"), "bee");
        Files.writeString(upper.resolve("a"), "hello");
        Files.createLink(upper.resolve("a2"), upper.resolve("a"));
        Files.createSymbolicLink(upper.resolve("link"), Path.of("a"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long size = LayerDiff.write(upper, out);
        Map<String, TarArchiveEntry> e = entries(out.toByteArray());
        assertThat(e.keySet()).containsExactly("a", "a2", "etc/", "etc/b", "link");
        assertThat(e.get("a2").isLink()).isTrue();
        assertThat(e.get("a2").getLinkName()).isEqualTo("a");
        assertThat(e.get("link").isSymbolicLink()).isTrue();
        assertThat(size).isEqualTo(8);
    }

    @Test
    void write_sameTree_sameBytes() throws IOException {
        Path upper = Files.createDirectories(tmp.resolve("u"));
        Files.writeString(upper.resolve("x"), "x");
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        LayerDiff.write(upper, a);
        LayerDiff.write(upper, b);
        assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
    }
}
