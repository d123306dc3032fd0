package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of GET /containers/{id}/changes: Kind 0 modified, 1 added, 2 deleted. */
public record ContainerChange(@JsonProperty("Path") String path, @JsonProperty("Kind") int kind) {}
