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
 */
public record DockerEvent(
        String type,
        String action,
        String actorId,
        Map<String, String> attributes,
        Instant time,
        String persistenceId,
        long sequenceNr) {

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
    }
}
