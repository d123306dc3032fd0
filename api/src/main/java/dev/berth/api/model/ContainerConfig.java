package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A container's {@code Config} as inspect shows it (the portable part of a create request), in dockerd's field
 * order with Go's {@code omitempty} where dockerd has it ({@code ExposedPorts}, {@code Healthcheck},
 * {@code NetworkDisabled}, {@code StopSignal}, {@code StopTimeout}); {@code OnBuild} is always there.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerConfig(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("AttachStderr") boolean attachStderr,
        @JsonProperty("ExposedPorts") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> exposedPorts,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("StdinOnce") boolean stdinOnce,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Healthcheck") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode healthcheck,
        @JsonProperty("Image") String image,
        @JsonProperty("Volumes") Map<String, Object> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("NetworkDisabled") @JsonInclude(value = JsonInclude.Include.CUSTOM,
                valueFilter = FalseOrNull.class) Boolean networkDisabled,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") @JsonInclude(JsonInclude.Include.NON_EMPTY) String stopSignal,
        @JsonProperty("StopTimeout") @JsonInclude(JsonInclude.Include.NON_NULL) Long stopTimeout) {

    /** Go's omitempty of a bool: false is left out as null is. */
    static final class FalseOrNull {
        @Override
        public boolean equals(Object other) {
            return other == null || Boolean.FALSE.equals(other);
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
