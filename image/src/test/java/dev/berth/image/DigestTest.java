package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void of_emptyInput_isKnownSha256() {
        Digest d = Digest.of(new byte[0]);
        assertThat(d.hex()).isEqualTo(EMPTY);
        assertThat(d.toString()).isEqualTo("sha256:" + EMPTY);
        assertThat(d.shortId()).isEqualTo("e3b0c44298fc");
    }

    @Test
    void parse_validText_roundTrips() {
        assertThat(Digest.parse("sha256:" + EMPTY)).isEqualTo(new Digest(EMPTY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", EMPTY, "sha256:", "sha512:" + EMPTY, "sha256:" + EMPTY + "0",
            "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "sha256:xyz"})
    void parse_badText_invalidArgument(String text) {
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOf(EngineException.class)
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }
}
