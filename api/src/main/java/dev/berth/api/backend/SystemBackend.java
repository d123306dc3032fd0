package dev.berth.api.backend;

import dev.berth.api.model.BerthPlugin;
import dev.berth.api.model.EventMessage;
import dev.berth.api.model.SystemInfo;
import dev.berth.api.model.SystemVersion;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.time.Instant;
import java.util.List;

/** /info, /version and /events. */
public interface SystemBackend {

    SystemInfo info();

    /** The same for the daemon's life (its runtime's version included): the API renders it once. */
    SystemVersion version();

    /** Berth's drivers and plugin jars as found at start ({@code GET /berth/plugins}). */
    default List<BerthPlugin> plugins() {
        return List.of();
    }

    /**
     * {@code GET /berth/history/{type}/{ref}}: the journaled events of one container, image, network or
     * volume (also a removed one, by id), oldest first, as {@code /events} sends them.
     */
    default List<EventMessage> history(String type, String ref) {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "object history is not supported here");
    }

    /**
     * GET /events. Sends the stored events from {@code since} (null = none from the past: only new
     * ones) then, unless {@code until} is in the past, live ones as they happen, to {@code sink};
     * calls {@link EventSink#end()} once {@code until} is reached. Filters as Docker's (type, event,
     * container, image, label). Returns at once; closing the handle stops the stream.
     */
    StreamHandle events(Instant since, Instant until, Filters filters, EventSink sink);

    /**
     * GET /events?after=CURSOR (a Berth extension): as {@link #events(Instant, Instant, Filters, EventSink)},
     * with only the events after {@code after} (null = no cursor), history from there then live.
     */
    default StreamHandle events(Instant since, Instant until, String after, Filters filters, EventSink sink) {
        if (after != null) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "query parameter \"after\" is not supported by Berth yet");
        }
        return events(since, until, filters, sink);
    }

    /**
     * Checks a cursor before the stream starts (its answer's status is sent first).
     *
     * @throws EngineException INVALID_ARGUMENT for malformed text or a position beyond the journal's end
     */
    default void checkCursor(String after) {
        throw new EngineException(ErrorKind.INVALID_ARGUMENT, "query parameter \"after\" is not supported by Berth yet");
    }

    /**
     * GET /berth/history/export (a Berth extension): the whole journal as JSON lines, then a line with the
     * count and the SHA-256 of the lines, to {@code sink} on a thread of the backend's. Returns at once;
     * closing the handle stops the export.
     */
    default StreamHandle exportHistory(HistorySink sink) {
        throw new EngineException(ErrorKind.INVALID_ARGUMENT, "history export is not supported by Berth yet");
    }

    interface HistorySink {
        /** One line, without its newline; returns false when the client went away. */
        boolean line(byte[] line);

        /** After the last line, or after a failure (then without the count line). */
        void end();
    }

    interface EventSink {
        /** Returns false when the client went away. */
        boolean event(EventMessage message);

        void end();
    }
}
