package dev.berth.persistence.events;

/**
 * A position in the journal's global order, as {@code /events?after=} takes it and each event's
 * {@code berth} field gives it: {@code OFFSET} (after every Docker event of journal entry OFFSET)
 * or {@code OFFSET.INDEX} (after the INDEX-th, from 0, of the Docker events that entry maps to).
 *
 * @param offset the journal entry's ordering; 0 = before the first entry
 * @param index  the last Docker event of that entry already seen; {@link Integer#MAX_VALUE} = all of them
 */
public record EventCursor(long offset, int index) {
    public static final EventCursor START = new EventCursor(0, Integer.MAX_VALUE);

    public EventCursor {
        if (offset < 0 || index < 0) {
            throw new IllegalArgumentException("negative cursor " + offset + "." + index);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code text} */
    public static EventCursor parse(String text) {
        String s = text == null ? "" : text.trim();
        if (!s.matches("\\d{1,18}(\\.\\d{1,9})?")) {
            throw new IllegalArgumentException("invalid cursor \"" + text
                    + "\": expected OFFSET or OFFSET.INDEX, as an event's berth.cursor gives it");
        }
        int dot = s.indexOf('.');
        return dot < 0 ? new EventCursor(Long.parseLong(s), Integer.MAX_VALUE)
                : new EventCursor(Long.parseLong(s.substring(0, dot)), Integer.parseInt(s.substring(dot + 1)));
    }

    /** The text {@link #parse} reads back. */
    public String text() {
        return index == Integer.MAX_VALUE ? Long.toString(offset) : offset + "." + index;
    }
}
