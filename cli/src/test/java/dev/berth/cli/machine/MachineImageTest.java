package dev.berth.cli.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base image's cache key: the same script gives the same key, any change to it a new image. */
class MachineImageTest {
    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private MachineHome home(Path root) {
        return new MachineHome(dir.resolve("machines"), dir.resolve("cache"), root);
    }

    @Test
    void theCheckoutsScriptGivesAStableKey() throws Exception {
        String key = MachineImage.key(home(CHECKOUT));
        assertThat(key).matches("[0-9a-f]{16}");
        assertThat(MachineImage.key(home(CHECKOUT))).isEqualTo(key);
    }

    @Test
    void aChangedScriptOrPackageSetIsANewImage() throws Exception {
        Path root = copyOfScript("copy");
        String key = MachineImage.key(home(root));
        assertThat(key).isEqualTo(MachineImage.key(home(CHECKOUT)));
        Files.writeString(root.resolve("scripts/machine-image"), "\n# a change\n", StandardOpenOption.APPEND);
        assertThat(MachineImage.key(home(root))).isNotEqualTo(key);

        Path other = copyOfScript("other");
        Path script = other.resolve("scripts/machine-image");
        Files.writeString(script, Files.readString(script).replace("tini", "tini curl"));
        assertThat(MachineImage.key(home(other))).isNotEqualTo(key);
    }

    @Test
    void cachedOnlyWhenDiskKernelAndInitrdAreAllThere() throws IOException {
        MachineHome h = home(CHECKOUT);
        Path img = Files.createDirectories(h.cache().resolve("abc"));
        Files.createFile(img.resolve(MachineImage.DISK));
        Files.createFile(img.resolve(MachineImage.KERNEL));
        assertThat(MachineImage.cached(h, "abc")).isFalse();
        Files.createFile(img.resolve(MachineImage.INITRD));
        assertThat(MachineImage.cached(h, "abc")).isTrue();
        assertThat(MachineImage.cached(h, "other")).isFalse();
    }

    @Test
    void noScriptIsAClearError() {
        assertThatThrownBy(() -> MachineImage.key(home(dir))).hasMessageContaining("machine-image is missing")
                .hasMessageContaining("a Berth checkout");
    }

    private Path copyOfScript(String name) throws IOException {
        Path root = Files.createDirectories(dir.resolve(name).resolve("scripts"));
        Path script = root.resolve("machine-image");
        Files.copy(CHECKOUT.resolve("scripts/machine-image"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return root.getParent();
    }
}
