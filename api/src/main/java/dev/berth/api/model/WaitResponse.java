package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /containers/{id}/wait response. */
public record WaitResponse(@JsonProperty("StatusCode") long statusCode,
                           @JsonProperty("Error") @JsonInclude(JsonInclude.Include.NON_NULL) WaitError error) {

    public static WaitResponse exited(long code) {
        return new WaitResponse(code, null);
    }

    public record WaitError(@JsonProperty("Message") String message) {}
}
