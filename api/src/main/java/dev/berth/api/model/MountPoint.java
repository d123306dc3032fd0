package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A mount as list and inspect show it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MountPoint(@JsonProperty("Type") String type, @JsonProperty("Name") String name,
                         @JsonProperty("Source") String source, @JsonProperty("Destination") String destination,
                         @JsonProperty("Driver") String driver, @JsonProperty("Mode") String mode,
                         @JsonProperty("RW") boolean rw, @JsonProperty("Propagation") String propagation) {}
