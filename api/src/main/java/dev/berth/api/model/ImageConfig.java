package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** ImageInspect's {@code Config}: the runtime defaults an image carries. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageConfig(
        @JsonProperty("User") String user,
        @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Healthcheck") JsonNode healthcheck,
        @JsonProperty("ArgsEscaped") Boolean argsEscaped,
        @JsonProperty("Volumes") Map<String, Object> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("Shell") List<String> shell) {}
