package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Inspect's {@code State}. {@code Status}: created, running, paused, restarting, removing, exited,
 * dead. Times are RFC 3339 strings; Docker's zero time is {@code 0001-01-01T00:00:00Z}.
 */
public record ContainerState(
        @JsonProperty("Status") String status,
        @JsonProperty("Running") boolean running,
        @JsonProperty("Paused") boolean paused,
        @JsonProperty("Restarting") boolean restarting,
        @JsonProperty("OOMKilled") boolean oomKilled,
        @JsonProperty("Dead") boolean dead,
        @JsonProperty("Pid") int pid,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("Error") String error,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("FinishedAt") String finishedAt,
        @JsonProperty("Health") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode health) {

    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    public ContainerState {
        error = error == null ? "" : error;
        startedAt = startedAt == null ? ZERO_TIME : startedAt;
        finishedAt = finishedAt == null ? ZERO_TIME : finishedAt;
    }
}
