package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.persistence.image.ImageEvent;
import dev.berth.registry.Platform;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreatePlatformTest {
    private static final Platform AMD64 = new Platform("linux", "amd64", null);
    private static final Platform ARM64 = new Platform("linux", "arm64", null).normalize();

    @Test
    void noPlatformRequested_sameArch_noWarning() {
        assertThat(CreatePlatform.check("busybox", null, AMD64, AMD64)).isEmpty();
        assertThat(CreatePlatform.check("busybox", "", ARM64, ARM64)).isEmpty();
    }

    @Test
    void noPlatformRequested_otherArch_warnsInDockersWords() {
        assertThat(CreatePlatform.check("busybox", null, ARM64, AMD64)).containsExactly(
                "The requested image's platform (linux/arm64) does not match the detected host platform "
                        + "(linux/amd64) and no specific platform was requested");
    }

    @Test
    void platformRequested_matching_noWarning() {
        assertThat(CreatePlatform.check("busybox", "linux/arm64", ARM64, AMD64)).isEmpty();
        assertThat(CreatePlatform.check("busybox", "linux/arm64/v8", ARM64, AMD64)).isEmpty();
        assertThat(CreatePlatform.check("busybox", "linux/amd64", AMD64, AMD64)).isEmpty();
    }

    @Test
    void platformRequested_otherLocalImage_isNotFoundSoTheCliPulls() {
        assertThatThrownBy(() -> CreatePlatform.check("busybox", "linux/arm64", AMD64, AMD64))
                .isInstanceOf(EngineException.class)
                .hasMessage("image with reference busybox was found but does not match the specified platform: "
                        + "wanted linux/arm64, actual: linux/amd64")
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void malformedPlatform_isInvalid() {
        assertThatThrownBy(() -> CreatePlatform.check("busybox", "linux//arm64", AMD64, AMD64))
                .isInstanceOf(EngineException.class)
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void of_storedImage_normalisesAndDefaultsOs() {
        var stored = new ImageEvent.Stored(Instant.EPOCH, "sha256:" + "a".repeat(64), "pull", Instant.EPOCH,
                "aarch64", "", List.of(), 0, Map.of(), null, List.of(), null);
        assertThat(CreatePlatform.of(stored)).isEqualTo(ARM64);
        assertThat(CreatePlatform.of(stored).display()).isEqualTo("linux/arm64");
    }
}
