package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import org.junit.jupiter.api.Test;

/** {@code images?filters={"reference":[…]}}: a glob on the familiar name; a broken pattern is a 400 (was a 500). */
class ImageReferenceGlobTest {

    @Test
    void glob_matchesNameWithOrWithoutTag() {
        assertThat(ImagesBackend.glob("busy*", "busybox:latest")).isTrue();
        assertThat(ImagesBackend.glob("busybox:1.*", "busybox:1.36")).isTrue();
        assertThat(ImagesBackend.glob("alpine", "busybox:latest")).isFalse();
    }

    @Test
    void glob_brokenPattern_isInvalidArgumentWithGoWording() {
        for (String pattern : new String[] {"[", "busy[box", "a{", "("}) {
            assertThatThrownBy(() -> ImagesBackend.glob(pattern, "busybox:latest"))
                    .as(pattern)
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                    .hasMessage("syntax error in pattern");
        }
    }
}
