package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import jnr.posix.FileStat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and ordinary tars; each test unpacks into {@code root} and checks {@code outside} is untouched. */
class TarExtractorTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void dirs() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "keep");
    }

    private long extract(byte[] tar) {
        return new TarExtractor(root, false).extract(new ByteArrayInputStream(tar));
    }

    private void assertOutsideUntouched() throws IOException {
        try (var s = Files.list(outside)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("secret");
        }
        assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("keep");
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("root", "outside");
        }
    }

    private static void assertInvalid(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOf(EngineException.class)
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void ordinaryTar_filesDirsLinks_extracted() throws IOException {
        long size = extract(new TarBuilder().dir("bin", 0755).file("bin/busybox", "elf", 0755)
                .symlink("bin/sh", "busybox").hardlink("bin/ls", "bin/busybox").dir("etc", 0755)
                .file("etc/passwd", "root:x:0:0::/root:/bin/sh\n").fifo("run.fifo").build());
        assertThat(Files.readString(root.resolve("bin/busybox"))).isEqualTo("elf");
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh")).toString()).isEqualTo("busybox");
        assertThat(Files.isSameFile(root.resolve("bin/ls"), root.resolve("bin/busybox"))).isTrue();
        assertThat(Native.posix().lstat(root.resolve("run.fifo").toString()).isFifo()).isTrue();
        // dockerd's directory size: the two files, the link's target "busybox" (7), the hard link not again
        assertThat(size).isEqualTo(3 + 26 + 7);
    }

    @Test
    void dotDotName_rejected_nothingOutside() throws IOException {
        assertInvalid(() -> extract(new TarBuilder().file("../evil", "x").build()));
        assertInvalid(() -> extract(new TarBuilder().file("a/../../evil", "x").build()));
        assertInvalid(() -> extract(new TarBuilder().file("./../outside/secret", "x").build()));
        assertOutsideUntouched();
    }

    @Test
    void dotDotInside_collapses() throws IOException {
        extract(new TarBuilder().file("a/../b", "x").build());
        assertThat(root.resolve("b")).hasContent("x");
    }

    @Test
    void absoluteName_landsUnderRoot() throws IOException {
        extract(new TarBuilder().file(outside.resolve("secret").toString(), "pwned").build());
        assertThat(root.resolve(outside.toString().substring(1)).resolve("secret")).hasContent("pwned");
        assertOutsideUntouched();
    }

    @Test
    void fileThroughAbsoluteSymlinkDir_staysInRoot() throws IOException {
        extract(new TarBuilder().symlink("link", outside.toString()).file("link/pwned", "x").build());
        assertOutsideUntouched();
        assertThat(root.resolve(outside.toString().substring(1)).resolve("pwned")).hasContent("x");
        assertThat(Files.isSymbolicLink(root.resolve("link"))).isTrue();
    }

    @Test
    void fileThroughRelativeEscapingSymlink_clampedAtRoot() throws IOException {
        extract(new TarBuilder().symlink("up", "../../../../..").file("up/outside/pwned", "x").build());
        assertOutsideUntouched();
        assertThat(root.resolve("outside/pwned")).hasContent("x");
    }

    @Test
    void fileOverExistingSymlink_replacesLinkNotTarget() throws IOException {
        extract(new TarBuilder().symlink("f", outside.resolve("secret").toString()).file("f", "new").build());
        assertOutsideUntouched();
        assertThat(Files.isSymbolicLink(root.resolve("f"))).isFalse();
        assertThat(root.resolve("f")).hasContent("new");
    }

    /** A directory replaced by a symlink between two entries that name it: the second goes where the link leads, inside. */
    @Test
    void dirReplacedBySymlink_betweenEntriesOfIt_laterEntriesFollowTheLinkInsideTheRoot() throws IOException {
        extract(new TarBuilder().dir("d", 0755).file("d/a", "1").symlink("d", outside.toString())
                .file("d/b", "2").file("d/c", "3").symlink("d", "e").dir("e", 0755).file("d/f", "4").build());
        assertOutsideUntouched();
        assertThat(Files.isSymbolicLink(root.resolve("d"))).isTrue();
        assertThat(root.resolve(outside.toString().substring(1)).resolve("b")).hasContent("2");
        assertThat(root.resolve(outside.toString().substring(1)).resolve("c")).hasContent("3");
        assertThat(root.resolve("e/f")).hasContent("4");
        assertThat(root.resolve("e/a")).doesNotExist();
    }

    @Test
    void symlinkTarget_mayPointAnywhere_isStoredVerbatim() throws IOException {
        extract(new TarBuilder().symlink("etc/hosts", "/proc/self/../../etc/hosts").build());
        assertThat(Files.readSymbolicLink(root.resolve("etc/hosts")).toString()).isEqualTo("/proc/self/../../etc/hosts");
    }

    @Test
    void hardlinkOutside_rejected() throws IOException {
        assertInvalid(() -> extract(new TarBuilder().hardlink("h", "../outside/secret").build()));
        assertInvalid(() -> extract(new TarBuilder().hardlink("h2", outside.resolve("secret").toString()).build()));
        assertInvalid(() -> extract(new TarBuilder().symlink("d", outside.toString()).hardlink("h3", "d/secret").build()));
        assertOutsideUntouched();
        assertThat(Files.exists(root.resolve("h"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void parentIsRegularFile_rejected() {
        assertInvalid(() -> extract(new TarBuilder().file("f", "x").file("f/g", "y").build()));
    }

    @Test
    void modeSetuidAndMtime_preserved() throws IOException {
        extract(new TarBuilder().dir("d", 0750).file("d/su", "x", 04755).build());
        FileStat st = Native.posix().lstat(root.resolve("d/su").toString());
        assertThat(st.mode() & 07777).isEqualTo(04755);
        assertThat(Native.posix().lstat(root.resolve("d").toString()).mode() & 07777).isEqualTo(0750);
        assertThat(Files.getLastModifiedTime(root.resolve("d/su"), LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(FileTime.from(TarBuilder.MTIME));
        assertThat(Files.getLastModifiedTime(root.resolve("d"), LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(FileTime.from(TarBuilder.MTIME));
    }

    @Test
    void device_unprivileged_skipped() {
        extract(new TarBuilder().charDevice("dev/null", 1, 3).build());
        assertThat(Files.exists(root.resolve("dev/null"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void notATar_invalid() {
        byte[] junk = "this is not a tar archive at all, just some text".repeat(30).getBytes(StandardCharsets.UTF_8);
        assertInvalid(() -> extract(junk));
    }

    @Test
    void truncatedTar_invalid() {
        byte[] tar = new TarBuilder().file("big", "x".repeat(5000)).build();
        byte[] cut = java.util.Arrays.copyOf(tar, 2048);
        assertInvalid(() -> extract(cut));
    }
}
