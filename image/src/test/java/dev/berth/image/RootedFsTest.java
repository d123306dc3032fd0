package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths resolved as inside a chroot: links never lead out of the root, mounts switch to their source. */
class RootedFsTest {
    @TempDir
    Path tmp;
    Path root;
    Path bind;
    RootedFs fs;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        bind = Files.createDirectories(tmp.resolve("bind"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "inside");
        Files.createDirectories(root.resolve("data"));
        Files.writeString(bind.resolve("b.txt"), "bound");
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("a/b/up"), Path.of("../../../../../.."));
        Files.createSymbolicLink(root.resolve("todata"), Path.of("/data/b.txt"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        fs = new RootedFs(root, List.of(new RootedFs.MountPoint("/data/", bind, true)));
    }

    @Test
    void resolve_absoluteLinkTarget_staysInRoot() throws IOException {
        RootedFs.Resolved r = fs.resolve("/abs/passwd", false);
        assertThat(r.host()).isEqualTo(root.resolve("etc/passwd"));
        assertThat(r.containerPath()).isEqualTo("/etc/passwd");
    }

    @Test
    void resolve_dotDotThroughLink_clampedAtRoot() throws IOException {
        assertThat(fs.resolve("/a/b/up/etc/passwd", false).host()).hasContent("inside");
        assertThat(fs.resolve("../../../etc/passwd", false).host()).isEqualTo(root.resolve("etc/passwd"));
        assertThat(fs.resolve("/a/b/up", true).containerPath()).isEqualTo("/");
    }

    @Test
    void resolve_lastLink_followedOnlyWhenAsked() throws IOException {
        assertThat(fs.resolve("/abs", false).attrs().isSymbolicLink()).isTrue();
        assertThat(fs.resolve("/abs", true).host()).isEqualTo(root.resolve("etc"));
    }

    @Test
    void resolve_underMountTarget_usesItsSource() throws IOException {
        assertThat(fs.resolve("/data/b.txt", false).host()).isEqualTo(bind.resolve("b.txt"));
        assertThat(fs.resolve("/todata", true).host()).isEqualTo(bind.resolve("b.txt"));
        assertThat(fs.mountOf("/data/b.txt").readOnly()).isTrue();
        assertThat(fs.mountOf("/database")).isNull();
    }

    @Test
    void resolve_missingParent_noSuchFile_missingLeaf_absent() throws IOException {
        assertThatThrownBy(() -> fs.resolve("/nope/x", false)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> fs.resolve("/etc/passwd/x", false)).isInstanceOf(NoSuchFileException.class);
        assertThat(fs.resolve("/etc/nope", false).exists()).isFalse();
    }

    @Test
    void resolve_linkLoop_refused() {
        assertThatThrownBy(() -> fs.resolve("/loop/x", false)).hasMessageContaining("too many levels of symbolic links");
    }
}
