package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** POST /exec/{id}/start body (ExecStartConfig). {@code tty} picks the stream's framing, as in dockerd. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecStartRequest(@JsonProperty("Detach") boolean detach,
                               @JsonProperty("Tty") boolean tty,
                               @JsonProperty("ConsoleSize") List<Integer> consoleSize) {
    public ExecStartRequest {
        consoleSize = consoleSize == null ? List.of() : List.copyOf(consoleSize);
    }
}
