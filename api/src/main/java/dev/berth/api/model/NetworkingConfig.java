package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** POST /containers/create {@code NetworkingConfig}: endpoint settings per network name. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkingConfig(@JsonProperty("EndpointsConfig") Map<String, EndpointSettings> endpointsConfig) {}
