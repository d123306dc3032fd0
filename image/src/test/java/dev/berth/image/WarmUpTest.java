package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(l.size()).isEqualTo(3000);
    }

    @Test
    void importPath_keepsNothing() throws Exception {
        ContentStore content = new ContentStore(root);
        LayerStore layers = new LayerStore(root);
        WarmUp.importPath(content, layers);
        assertThat(root.resolve("content/tmp")).isEmptyDirectory();
        assertThat(root.resolve("content/sha256")).isEmptyDirectory();
        try (var s = Files.list(root.resolve("layers"))) {
            assertThat(s.toList()).isEmpty();
        }
    }
}
