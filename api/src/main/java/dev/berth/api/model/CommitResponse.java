package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /commit response. */
public record CommitResponse(@JsonProperty("Id") String id) {}
