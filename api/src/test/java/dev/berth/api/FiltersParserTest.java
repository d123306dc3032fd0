package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.backend.Filters;
import dev.berth.spi.EngineException;
import org.junit.jupiter.api.Test;

class FiltersParserTest {

    @Test
    void parse_mapForm_keepsTrueValues() {
        Filters f = FiltersParser.parse("{\"label\":{\"a=b\":true,\"c\":false},\"name\":{\"web\":true}}");
        assertThat(f.get("label")).containsExactly("a=b");
        assertThat(f.get("name")).containsExactly("web");
    }

    @Test
    void parse_listForm_isAccepted() {
        assertThat(FiltersParser.parse("{\"status\":[\"running\",\"exited\"]}").get("status"))
                .containsExactlyInAnyOrder("running", "exited");
    }

    @Test
    void parse_emptyOrAbsent_isNone() {
        assertThat(FiltersParser.parse(null)).isEqualTo(Filters.NONE);
        assertThat(FiltersParser.parse("")).isEqualTo(Filters.NONE);
    }

    @Test
    void parse_invalid_isInvalidArgument() {
        assertThatThrownBy(() -> FiltersParser.parse("{bad")).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> FiltersParser.parse("[1]")).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> FiltersParser.parse("{\"a\":1}")).isInstanceOf(EngineException.class);
    }
}
