package dev.berth.api;

import dev.berth.api.backend.Versioned;
import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON last written for each item of a list ({@code GET /containers/json}), beside the version it
 * showed: a list is written by copying the bytes of every unchanged item and rendering only the others
 * (tools poll {@code ps} in a loop; at 1,000 containers rendering and serialising every summary was
 * most of the answer's time). Correct as long as equal versions mean equal items ({@link Versioned});
 * an item without a version is rendered every time and kept nowhere.
 *
 * <p>Memory stays bounded: at most {@link #MAX} items are kept (~0.7 KB each for a container without
 * labels), and a list of everything replaces what is kept with what it showed, so removed objects go.
 */
final class RenderedList {
    /** Items kept (README "Daemon memory"): past it, the others are rendered at every list. */
    static final int MAX = 2048;

    private record Entry(Object version, byte[] json) {}

    /** Replaced, never changed: id → the item's JSON as last written. */
    private volatile Map<String, Entry> kept = Map.of();

    /**
     * The JSON array of {@code items}: the bytes kept for each unchanged item, the others rendered now.
     *
     * @param everything the list shows every object there is (nothing filtered or cut): what is kept
     *                   becomes exactly what it showed
     */
    Array render(List<? extends Versioned<?>> items, boolean everything) {
        Map<String, Entry> before = kept;
        Map<String, Entry> shown = new HashMap<>(Math.min(items.size(), MAX) * 4 / 3 + 1);
        byte[][] parts = new byte[items.size()][];
        int size = 2 + Math.max(0, items.size() - 1);
        boolean rendered = false;
        for (int k = 0; k < parts.length; k++) {
            Versioned<?> item = items.get(k);
            if (item.version() == null || item.id() == null) {
                parts[k] = Json.write(item.value().get());
            } else {
                Entry e = before.get(item.id());
                if (e == null || !e.version().equals(item.version())) {
                    e = new Entry(item.version(), Json.write(item.value().get()));
                    rendered = true;
                }
                parts[k] = e.json();
                if (shown.size() < MAX) {
                    shown.put(item.id(), e);
                }
            }
            size += parts[k].length;
        }
        if (everything) {
            if (rendered || shown.size() != before.size()) {
                kept = shown;
            }
        } else if (rendered) {
            Map<String, Entry> merged = new HashMap<>(before);
            for (var e : shown.entrySet()) {
                if (merged.size() >= MAX && !merged.containsKey(e.getKey())) {
                    break;
                }
                merged.put(e.getKey(), e.getValue());
            }
            kept = merged;
        }
        return new Array(parts, size);
    }

    /** A JSON array of items written before: {@link #size} bytes once written. */
    record Array(byte[][] parts, int size) {
        void writeTo(ByteBuf buf) {
            buf.ensureWritable(size);
            buf.writeByte('[');
            for (int k = 0; k < parts.length; k++) {
                if (k > 0) {
                    buf.writeByte(',');
                }
                buf.writeBytes(parts[k]);
            }
            buf.writeByte(']');
        }
    }
}
