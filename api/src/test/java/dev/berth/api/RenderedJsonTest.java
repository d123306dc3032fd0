package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.backend.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RenderedJsonTest {
    private final RenderedJson rendered = new RenderedJson(4);
    private final AtomicInteger renders = new AtomicInteger();

    private Versioned<Object> value(String id, Object version, String shown) {
        return new Versioned<>(id, version, () -> {
            renders.incrementAndGet();
            return Map.of("Id", id, "Shown", shown);
        });
    }

    private String of(Versioned<?> v) {
        return new String(rendered.of(v), StandardCharsets.UTF_8);
    }

    @Test
    void of_equalVersion_theBytesWrittenBefore_newVersion_renderedAgain() {
        assertThat(of(value("a", "v1", "one"))).contains("\"Shown\":\"one\"");
        assertThat(of(value("a", "v1", "ignored: same version"))).contains("\"Shown\":\"one\"");
        assertThat(renders).hasValue(1);
        assertThat(of(value("a", "v2", "two"))).contains("\"Shown\":\"two\"");
        assertThat(renders).hasValue(2);
    }

    @Test
    void of_withoutVersion_renderedEveryTime() {
        of(value("a", null, "one"));
        assertThat(of(value("a", null, "two"))).contains("\"Shown\":\"two\"");
        assertThat(renders).hasValue(2);
    }

    @Test
    void of_idsSharingASlot_eachItsOwnAnswer() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        for (int round = 0; round < 3; round++) {
            assertThat(of(value("Aa", "v", "first"))).contains("\"Id\":\"Aa\"", "\"Shown\":\"first\"");
            assertThat(of(value("BB", "v", "second"))).contains("\"Id\":\"BB\"", "\"Shown\":\"second\"");
        }
    }
}
