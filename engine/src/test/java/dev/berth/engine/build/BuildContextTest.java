package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {

    @TempDir
    Path scratch;

    private static byte[] tar(String name, String content, String linkTarget) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry e = linkTarget == null ? new TarArchiveEntry(name)
                    : new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
            if (linkTarget != null) {
                e.setLinkName(linkTarget);
            } else {
                e.setSize(content.length());
            }
            e.setMode(0100640);
            out.putArchiveEntry(e);
            if (linkTarget == null) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            out.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void extract_plainTar_readableAndDeletedOnClose() throws IOException {
        Path root;
        try (BuildContext ctx = BuildContext.extract(new ByteArrayInputStream(tar("sub/Dockerfile", "FROM x\n", null)),
                scratch)) {
            root = ctx.root();
            assertThat(ctx.read("sub/Dockerfile")).isEqualTo("FROM x\n");
            assertThat(ctx.read("missing")).isNull();
            assertThat(Files.getPosixFilePermissions(root.resolve("sub/Dockerfile")))
                    .isEqualTo(BuildContext.permissions(0640));
        }
        assertThat(root).doesNotExist();
    }

    @Test
    void extract_gzippedTar_asDockerdTakesIt() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar("Dockerfile", "FROM busybox\n", null));
        }
        try (BuildContext ctx = BuildContext.extract(new ByteArrayInputStream(gz.toByteArray()), scratch)) {
            assertThat(ctx.read("Dockerfile")).isEqualTo("FROM busybox\n");
        }
    }

    @Test
    void extract_escapingNamesAndLinks_refused_nothingLeft() throws IOException {
        assertThatThrownBy(() -> BuildContext.extract(new ByteArrayInputStream(tar("../evil", "x", null)), scratch))
                .hasMessage("invalid path in the build context: ../evil");
        assertThatThrownBy(() -> BuildContext.extract(new ByteArrayInputStream(tar("link", null, "../../etc/passwd")),
                scratch)).hasMessage("invalid hard link in the build context: link");
        try (var left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void extract_tarWithoutTrailingPadding_asTheDockerCliSendsIt_accepted() throws IOException {
        byte[] full = tar("Dockerfile", "FROM x\n", null);
        // Header block + 7 data bytes, no padding, no end-of-archive blocks.
        byte[] cut = Arrays.copyOf(full, 512 + 7);
        try (BuildContext ctx = BuildContext.extract(new ByteArrayInputStream(cut), scratch)) {
            assertThat(ctx.read("Dockerfile")).isEqualTo("FROM x\n");
        }
    }

    @Test
    void resolve_outsideTheContext_refused() throws IOException {
        try (BuildContext ctx = BuildContext.extract(new ByteArrayInputStream(tar("a", "x", null)), scratch)) {
            assertThatThrownBy(() -> ctx.resolve("../../etc/passwd"))
                    .hasMessageStartingWith("forbidden path outside the build context");
        }
    }
}
