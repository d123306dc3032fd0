package dev.berth.api;

import dev.berth.api.backend.Versioned;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The JSON last written for a few objects, each beside the version it showed: a repeated inspect of
 * an unchanged object is answered with those bytes instead of rendering the same DTOs and serialising
 * them again (most of an inspect's time while its code is still interpreted, as in the first requests
 * after a start). A fixed number of slots, picked by the id's hash: memory stays bounded (a few KB a
 * slot) whatever the number of objects; two objects sharing a slot just render more often.
 * Correct as long as equal versions mean equal answers ({@link Versioned}); a value without a version
 * is rendered every time and kept nowhere.
 */
final class RenderedJson {
    /** Slots of {@code GET /containers/{id}/json} (README "Daemon memory"): ~4 KB each when filled. */
    static final int CONTAINER_SLOTS = 64;
    /** Slots of {@code GET /networks/{id}}: ~1 KB each, plus ~0.2 KB a connected container. */
    static final int NETWORK_SLOTS = 16;

    private record Entry(String id, Object version, byte[] json) {}

    private final AtomicReferenceArray<Entry> slots;

    RenderedJson(int slots) {
        this.slots = new AtomicReferenceArray<>(slots);
    }

    /** The value's JSON: as written before for the same id and an equal version, else rendered now. */
    byte[] of(Versioned<?> v) {
        if (v.version() == null || v.id() == null) {
            return Json.write(v.value().get());
        }
        int slot = Math.floorMod(v.id().hashCode(), slots.length());
        Entry e = slots.get(slot);
        if (e != null && e.id().equals(v.id()) && e.version().equals(v.version())) {
            return e.json();
        }
        byte[] json = Json.write(v.value().get());
        // Racing renders of one id each store a consistent (version, bytes) pair; the loser is re-rendered.
        slots.set(slot, new Entry(v.id(), v.version(), json));
        return json;
    }
}
