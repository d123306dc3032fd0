package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One event sink in {@code GET /info}'s {@code BerthEventSinks}.
 *
 * @param cursor      the last acknowledged position ({@code OFFSET.INDEX}; {@code 0} before the first event)
 * @param lag         events behind the journal's end
 * @param lastError   the last failure while the sink has not succeeded since; "" when healthy
 * @param lastErrorAt its time (RFC 3339); "" with no error
 */
public record BerthEventSink(@JsonProperty("Name") String name, @JsonProperty("Type") String type,
                             @JsonProperty("Cursor") String cursor, @JsonProperty("Lag") long lag,
                             @JsonProperty("Delivered") long delivered, @JsonProperty("Failures") long failures,
                             @JsonProperty("LastError") String lastError,
                             @JsonProperty("LastErrorAt") String lastErrorAt) {
    public BerthEventSink {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cursor, "cursor");
        lastError = lastError == null ? "" : lastError;
        lastErrorAt = lastErrorAt == null ? "" : lastErrorAt;
    }
}
