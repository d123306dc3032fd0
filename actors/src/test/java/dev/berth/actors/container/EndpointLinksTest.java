package dev.berth.actors.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointLinksTest {
    @Test
    void parsedAsDockerdParsesThem() {
        assertThat(EndpointLinks.check(List.of("db:database", "cache", "/web:/app/front"), true))
                .containsExactly("db:database", "cache:cache", "web:front");
        assertThat(EndpointLinks.check(null, false)).isEmpty();
    }

    @Test
    void badFormsAndBuiltInNetworks_refusedInDockerdsWords() {
        assertThatThrownBy(() -> EndpointLinks.check(List.of("a:b:c"), true)).isInstanceOf(EngineException.class)
                .hasMessage("bad format for links: a:b:c");
        assertThatThrownBy(() -> EndpointLinks.check(List.of(""), true)).hasMessage("empty string specified for links");
        assertThatThrownBy(() -> EndpointLinks.check(List.of("db:x"), false))
                .hasMessageStartingWith("links on a network are supported only for user-defined networks");
    }
}
