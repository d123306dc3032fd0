package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /networks/create response. */
public record NetworkCreateResponse(@JsonProperty("Id") String id, @JsonProperty("Warning") String warning) {}
