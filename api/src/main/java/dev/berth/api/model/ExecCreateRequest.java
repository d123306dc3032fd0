package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** POST /containers/{id}/exec body (ExecConfig). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecCreateRequest(@JsonProperty("AttachStdin") boolean attachStdin,
                                @JsonProperty("AttachStdout") boolean attachStdout,
                                @JsonProperty("AttachStderr") boolean attachStderr,
                                @JsonProperty("ConsoleSize") List<Integer> consoleSize,
                                @JsonProperty("DetachKeys") String detachKeys,
                                @JsonProperty("Tty") boolean tty,
                                @JsonProperty("Env") List<String> env,
                                @JsonProperty("Cmd") List<String> cmd,
                                @JsonProperty("Privileged") boolean privileged,
                                @JsonProperty("User") String user,
                                @JsonProperty("WorkingDir") String workingDir) {
    public ExecCreateRequest {
        consoleSize = consoleSize == null ? List.of() : List.copyOf(consoleSize);
        env = env == null ? List.of() : List.copyOf(env);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        user = user == null ? "" : user;
        workingDir = workingDir == null ? "" : workingDir;
        detachKeys = detachKeys == null ? "" : detachKeys;
    }
}
