package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The spec's IDResponse: {@code {"Id": …}} (POST /containers/{id}/exec). */
public record IdResponse(@JsonProperty("Id") String id) {}
