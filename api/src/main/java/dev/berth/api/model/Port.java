package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An exposed (and maybe published) port in GET /containers/json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Port(@JsonProperty("IP") String ip, @JsonProperty("PrivatePort") int privatePort,
                   @JsonProperty("PublicPort") Integer publicPort, @JsonProperty("Type") String type) {}
