package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.backend.Versioned;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A list written from the bytes kept per item must be byte for byte the list rendered whole, and
 * render an item again exactly when its version changed or it was not kept.
 */
class RenderedListTest {
    private final RenderedList list = new RenderedList();
    private final AtomicInteger renders = new AtomicInteger();

    private Versioned<Map<String, Object>> item(String id, Object version, String status) {
        return new Versioned<>(id, version, () -> {
            renders.incrementAndGet();
            return Map.of("Id", id, "Status", status);
        });
    }

    private String written(List<? extends Versioned<?>> items, boolean everything) {
        RenderedList.Array array = list.render(items, everything);
        ByteBuf buf = Unpooled.buffer();
        array.writeTo(buf);
        assertThat(buf.readableBytes()).isEqualTo(array.size());
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String whole(List<? extends Versioned<?>> items) {
        List<Object> values = new ArrayList<>();
        items.forEach(i -> values.add(i.value().get()));
        return new String(Json.write(values), StandardCharsets.UTF_8);
    }

    @Test
    void unchangedItems_areCopied_changedOnes_renderedAgain_sameBytesAsARenderOfTheWhole() {
        var items = List.of(item("a", 1, "Up 5 seconds"), item("b", 1, "Created"), item("c", 1, "Exited (0)"));
        String first = written(items, true);
        assertThat(renders).hasValue(3);
        assertThat(first).isEqualTo(whole(items));

        renders.set(0);
        assertThat(written(items, true)).isEqualTo(first);
        assertThat(renders).hasValue(0);

        var changed = List.of(item("a", 2, "Up 6 seconds"), item("b", 1, "Created"), item("c", 1, "Exited (0)"));
        renders.set(0);
        String second = written(changed, true);
        assertThat(renders).hasValue(1);
        assertThat(second).contains("Up 6 seconds").doesNotContain("Up 5 seconds");
        assertThat(second).isEqualTo(whole(changed));
    }

    @Test
    void emptyAndSingle_asJackson() {
        assertThat(written(List.of(), true)).isEqualTo("[]");
        var one = List.of(item("a", 1, "Created"));
        assertThat(written(one, true)).isEqualTo(whole(one));
    }

    @Test
    void aListOfEverything_forgetsWhatItDidNotShow_aPartialOne_keepsIt() {
        written(List.of(item("a", 1, "x"), item("b", 1, "y")), true);
        written(List.of(item("a", 1, "x")), false); // filtered: b is still kept
        renders.set(0);
        written(List.of(item("b", 1, "y")), false);
        assertThat(renders).hasValue(0);

        written(List.of(item("a", 1, "x")), true); // everything there is: b is gone
        renders.set(0);
        written(List.of(item("b", 1, "y")), false);
        assertThat(renders).hasValue(1);
    }

    @Test
    void itemsWithoutAVersion_areRenderedEveryTime() {
        var items = List.of(Versioned.unversioned(() -> {
            renders.incrementAndGet();
            return Map.of("Id", "u");
        }));
        written(items, true);
        written(items, true);
        assertThat(renders).hasValue(2);
    }

    @Test
    void atMostMaxItemsAreKept() {
        List<Versioned<Map<String, Object>>> many = new ArrayList<>();
        for (int k = 0; k < RenderedList.MAX + 10; k++) {
            many.add(item("id" + k, 1, "Created"));
        }
        String first = written(many, true);
        renders.set(0);
        assertThat(written(many, true)).isEqualTo(first);
        assertThat(renders).hasValue(10); // the ten past the bound are rendered at every list
    }
}
