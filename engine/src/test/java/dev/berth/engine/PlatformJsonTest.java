package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.Platform;
import org.junit.jupiter.api.Test;

class PlatformJsonTest {
    @Test
    void parse_anOciPlatform_normalisedAsAPlatformFlag() {
        assertThat(PlatformJson.parse("{\"os\":\"linux\",\"architecture\":\"aarch64\"}"))
                .isEqualTo(Platform.parse("linux/arm64"));
        assertThat(PlatformJson.parse("{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v5\"}").display())
                .isEqualTo("linux/arm/v5");
    }

    @Test
    void parse_whatDockerdRefuses_isRefusedInItsWords() {
        assertThatThrownBy(() -> PlatformJson.parse("linux/amd64")).hasMessageStartingWith("failed to parse platform: ");
        assertThatThrownBy(() -> PlatformJson.parse("{\"os\":\"linux\"}"))
                .hasMessage("both OS and Architecture must be provided");
        assertThatThrownBy(() -> PlatformJson.parse("{\"variant\":\"v8\"}"))
                .hasMessage("optional platform fields provided, but OS and Architecture are missing");
    }
}
