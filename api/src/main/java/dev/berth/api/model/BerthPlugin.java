package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One row of Berth's own {@code GET /berth/plugins} ({@code berth plugin ls}): a driver found at start,
 * built in or from a jar of the plugin directory, or a jar refused as a whole (type {@code jar}).
 *
 * @param source {@code built-in} or the jar's file name
 * @param status {@code enabled}, {@code available} (loaded, not asked for) or {@code failed}
 * @param reason why it failed; "" otherwise
 */
public record BerthPlugin(@JsonProperty("Name") String name, @JsonProperty("Type") String type,
                          @JsonProperty("Version") String version, @JsonProperty("Source") String source,
                          @JsonProperty("Status") String status, @JsonProperty("Reason") String reason) {
    public BerthPlugin {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        version = version == null ? "" : version;
        source = source == null ? "" : source;
        reason = reason == null ? "" : reason;
    }
}
