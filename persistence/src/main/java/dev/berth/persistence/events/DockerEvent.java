package dev.berth.persistence.events;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One event as Docker's {@code /events} reports it, before the api module gives it Docker's JSON
 * shape, plus the journal entry it was read from.
 *
 * @param type          {@link #CONTAINER} or {@link #IMAGE}
 * @param action        Docker's action word: {@code create}, {@code start}, {@code die}, {@code tag} …
 * @param actorId       the container id, or the image id ({@code sha256:…})
 * @param attributes    Docker's {@code Actor.Attributes}; sorted by key
 * @param time          when it happened (the journaled event's own time)
 * @param persistenceId the entity that journaled it
 * @param sequenceNr    its sequence number in that entity; several Docker events may share one
 * @param offset        the journal entry's global position (the JDBC journal's ordering, from 1); 0 when
 *                      not known (a live event before its position is looked up, or one never journaled)
 * @param index         its place among the Docker events that journal entry maps to, from 0
 */
public record DockerEvent(
        String type,
        String action,
        String actorId,
        Map<String, String> attributes,
        Instant time,
        String persistenceId,
        long sequenceNr,
        long offset,
        int index) {

    public static final String CONTAINER = "container";
    public static final String IMAGE = "image";
    public static final String NETWORK = "network";
    public static final String VOLUME = "volume";
    public static final String PLUGIN = "plugin";

    public DockerEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(persistenceId, "persistenceId");
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes == null ? Map.of() : attributes));
        if (offset < 0 || index < 0) {
            throw new IllegalArgumentException("negative journal position " + offset + "." + index);
        }
    }

    /** An event whose journal position is not known yet. */
    public DockerEvent(String type, String action, String actorId, Map<String, String> attributes, Instant time,
                       String persistenceId, long sequenceNr) {
        this(type, action, actorId, attributes, time, persistenceId, sequenceNr, 0, 0);
    }

    /** The same event at journal entry {@code offset}, {@code index}-th of the events it maps to. */
    public DockerEvent at(long offset, int index) {
        return new DockerEvent(type, action, actorId, attributes, time, persistenceId, sequenceNr, offset, index);
    }

    /** Whether it comes after {@code cursor} in journal order (every known position is after a null cursor). */
    public boolean isAfter(EventCursor cursor) {
        return cursor == null || offset > cursor.offset() || (offset == cursor.offset() && index > cursor.index());
    }
}
