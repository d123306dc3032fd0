package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;

/**
 * POST /containers/create body: the container's Config fields flat at the top level, plus
 * {@code HostConfig} and {@code NetworkingConfig}. {@code Entrypoint}/{@code Cmd} arrive as a
 * string or a list from old clients: see {@link StringOrList}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerCreateRequest(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("AttachStderr") boolean attachStderr,
        @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("StdinOnce") boolean stdinOnce,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") @JsonDeserialize(using = StringOrList.class) List<String> cmd,
        @JsonProperty("Healthcheck") JsonNode healthcheck,
        @JsonProperty("Image") String image,
        @JsonProperty("Volumes") Map<String, Object> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Entrypoint") @JsonDeserialize(using = StringOrList.class) List<String> entrypoint,
        @JsonProperty("NetworkDisabled") Boolean networkDisabled,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("StopTimeout") Long stopTimeout,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("NetworkingConfig") NetworkingConfig networkingConfig) {

    /** The Config part alone, as inspect reports it. */
    public ContainerConfig config() {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr,
                exposedPorts, tty, openStdin, stdinOnce, env, cmd, healthcheck, image, volumes, workingDir,
                entrypoint, networkDisabled, null, labels, stopSignal, stopTimeout);
    }
}
