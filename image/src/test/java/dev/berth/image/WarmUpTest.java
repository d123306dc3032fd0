package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmUpTest {
    @TempDir
    Path root;

    @Test
    void rootfsTar_unpacks_toTheTreeItDescribes() {
        LayerStore store = new LayerStore(root);
        AppliedLayer l = store.apply(null, new ByteArrayInputStream(WarmUp.rootfsTar()));
        Path bin = store.dir(l.chainId()).resolve("bin");
        assertThat(bin.resolve("busybox")).isRegularFile().isExecutable();
        assertThat(bin.resolve("applet0")).isSymbolicLink();
        assertThat(bin.resolve("applet" + (WarmUp.LINKS - 1))).isSymbolicLink();
        assertThat(l.size()).as("the file and each link's target, \"busybox\"").isEqualTo(3000 + WarmUp.LINKS * 7);
    }

    /** The warm-up is a whole import (blob, config, layer) in the stores it is given, all of it scratch. */
    @Test
    void importPath_importsIntoTheGivenStores_andDeleteScratchLeavesNothing() throws Exception {
        Path scratch = root.resolve("warm-up");
        ContentStore content = new ContentStore(scratch);
        LayerStore layers = new LayerStore(scratch);
        ImportResult r = WarmUp.importPath(content, layers);
        assertThat(content.exists(r.imageId())).isTrue();
        assertThat(content.exists(r.layers().get(0).blobDigest())).isTrue();
        assertThat(layers.dir(r.layers().get(0).chainId()).resolve("bin/applet0")).isSymbolicLink();
        assertThat(r.config().config().cmd()).containsExactly("sh");
        assertThat(root.resolve("warm-up/content/tmp")).isEmptyDirectory();
        WarmUp.deleteScratch(scratch);
        assertThat(root).isEmptyDirectory();
    }

    /**
     * As root on a disk filesystem the scratch directory gets a tmpfs of its own (the warm-up's deleted inodes
     * stay off the data root's filesystem), and deleting the scratch unmounts it and leaves nothing.
     */
    @Test
    void prepareScratch_mountsATmpfs_andDeleteScratchUnmountsIt() throws Exception {
        assumeTrue(Native.isRoot(), "mounting needs root");
        assumeTrue(!WarmUp.onTmpfs(root), "the test directory is a tmpfs already");
        Path scratch = root.resolve("exec/warm-up");
        assertThat(WarmUp.prepareScratch(scratch)).isTrue();
        try {
            assertThat(Mounts.isMountPoint(scratch)).isTrue();
            assertThat(WarmUp.onTmpfs(scratch)).isTrue();
            assertThat(scratch).isEmptyDirectory();
            WarmUp.importPath(new ContentStore(scratch), new LayerStore(scratch));
        } finally {
            WarmUp.deleteScratch(scratch);
        }
        assertThat(Mounts.isMountPoint(scratch)).isFalse();
        assertThat(scratch).doesNotExist();
        assertThat(root.resolve("exec")).isEmptyDirectory();
    }

    /** A kill during a warm-up leaves its tmpfs mounted with files in it: the next start's prepare clears both. */
    @Test
    void prepareScratch_clearsAKilledRunsMountedScratch() throws Exception {
        assumeTrue(Native.isRoot(), "mounting needs root");
        assumeTrue(!WarmUp.onTmpfs(root), "the test directory is a tmpfs already");
        Path scratch = root.resolve("warm-up");
        WarmUp.prepareScratch(scratch);
        try {
            Files.createDirectories(scratch.resolve("layers/.tmp-stale"));
            Files.createSymbolicLink(scratch.resolve("layers/.tmp-stale/ls"), Path.of("/bin/busybox"));
            assertThat(WarmUp.prepareScratch(scratch)).isTrue();
            assertThat(scratch).isEmptyDirectory();
            assertThat(Mounts.isMountPoint(scratch)).isTrue();
            assertThat(Files.lines(Path.of("/proc/self/mountinfo")).filter(l -> l.contains(scratch.toString())))
                    .as("one mount, not one on top of another").hasSize(1);
        } finally {
            WarmUp.deleteScratch(scratch);
        }
        assertThat(Mounts.isMountPoint(scratch)).isFalse();
        assertThat(scratch).doesNotExist();
    }
}
