package dev.berth.spi.events;

import java.util.Objects;

/**
 * One event handed to an {@link EventSink}: the Docker event message exactly as {@code GET /events}
 * streams it (one JSON object, no newline; its {@code berth} field repeats the position), and its place
 * in the journal.
 *
 * @param offset the journal entry's global position (from 1, increasing in journal order, with gaps)
 * @param index  its place, from 0, among the Docker events that one journal entry maps to (an exit may
 *               map to {@code die} and {@code stop})
 * @param json   the message as JSON
 */
public record SinkEvent(long offset, int index, String json) {
    public SinkEvent {
        if (offset < 1 || index < 0) {
            throw new IllegalArgumentException("not a journal position: " + offset + "." + index);
        }
        Objects.requireNonNull(json, "json");
    }

    /**
     * {@code OFFSET.INDEX}: unique per event, increasing in delivery order; what
     * {@code GET /events?after=} takes. A sink that must not store an event twice keys it by this.
     */
    public String cursor() {
        return offset + "." + index;
    }

    /** Whether this event comes after {@code other} in journal order. */
    public boolean isAfter(SinkEvent other) {
        return offset > other.offset || (offset == other.offset && index > other.index);
    }
}
