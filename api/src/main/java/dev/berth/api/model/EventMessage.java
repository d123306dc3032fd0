package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One GET /events line. {@code status}, {@code id} and {@code from} are the legacy fields dockerd
 * still fills for container and image events (null elsewhere, then omitted).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventMessage(
        @JsonProperty("status") String status,
        @JsonProperty("id") String id,
        @JsonProperty("from") String from,
        @JsonProperty("Type") String type,
        @JsonProperty("Action") String action,
        @JsonProperty("Actor") Actor actor,
        @JsonProperty("scope") String scope,
        @JsonProperty("time") long time,
        @JsonProperty("timeNano") long timeNano,
        @JsonProperty("berth") Position berth) {

    /** Docker's fields alone: an event without a journal position. */
    public EventMessage(String status, String id, String from, String type, String action, Actor actor, String scope,
                        long time, long timeNano) {
        this(status, id, from, type, action, actor, scope, time, timeNano, null);
    }

    /**
     * Berth's extension (Docker clients ignore unknown fields): where the event is in the journal.
     *
     * @param offset the journal entry's global position
     * @param cursor what {@code GET /events?after=} takes to resume right after this event
     */
    public record Position(@JsonProperty("offset") long offset, @JsonProperty("cursor") String cursor) {}

    public record Actor(@JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {
        public Actor {
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }
    }
}
