package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import org.junit.jupiter.api.Test;

class PlatformTest {
    @Test
    void parse_fullAndShortForms_normalise() {
        assertThat(Platform.parse("linux/arm64/v8")).hasToString("linux/arm64/v8");
        assertThat(Platform.parse("linux/arm64")).hasToString("linux/arm64/v8");
        assertThat(Platform.parse("linux/aarch64")).hasToString("linux/arm64/v8");
        assertThat(Platform.parse("linux/x86_64")).hasToString("linux/amd64");
        assertThat(Platform.parse("Linux/AMD64")).hasToString("linux/amd64");
        assertThat(Platform.parse("linux/arm")).hasToString("linux/arm/v7");
        assertThat(Platform.parse("arm64").os()).isEqualTo("linux");
        assertThat(Platform.parse("linux").architecture()).isEqualTo(Platform.host().architecture());
        assertThat(Platform.parse(null)).isEqualTo(Platform.host());
    }

    @Test
    void parse_garbage_isInvalid() {
        assertThatThrownBy(() -> Platform.parse("linux//v8")).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> Platform.parse("a/b/c/d")).isInstanceOf(EngineException.class)
                .hasMessageContaining("invalid platform");
    }

    @Test
    void accepts_variantsAndAliases() {
        Platform arm64 = Platform.parse("linux/arm64");
        assertThat(arm64.accepts(new Platform("linux", "arm64", null))).isTrue();
        assertThat(arm64.accepts(new Platform("linux", "aarch64", "v8"))).isTrue();
        assertThat(arm64.accepts(new Platform("linux", "amd64", null))).isFalse();
        assertThat(Platform.parse("linux/amd64").accepts(new Platform("linux", "amd64", "v3"))).isTrue();
        assertThat(Platform.parse("linux/arm/v7").accepts(new Platform("linux", "arm", "v6"))).isTrue();
        assertThat(Platform.parse("linux/arm/v6").accepts(new Platform("linux", "arm", "v7"))).isFalse();
        assertThat(Platform.parse("linux/amd64").accepts(new Platform("windows", "amd64", null))).isFalse();
    }
}
