package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /auth response. */
public record AuthResponse(@JsonProperty("Status") String status,
                           @JsonProperty("IdentityToken") @JsonInclude(JsonInclude.Include.NON_EMPTY) String identityToken) {}
