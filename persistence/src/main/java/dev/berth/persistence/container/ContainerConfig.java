package dev.berth.persistence.container;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a container was created with (Docker's {@code Config}), after the image's defaults were
 * merged in. Persisted with {@link ContainerEvent.Created}.
 *
 * @param image        the image as the user named it
 * @param cmd          may be empty
 * @param entrypoint   may be empty
 * @param stopSignal   as given (by the user, else the image), "" when neither did: SIGTERM then
 * @param stopTimeout  seconds; null = the engine default (10)
 * @param stdinOnce    close the container's stdin when the first attached client closes its input
 *                     (Docker's {@code StdinOnce}); stored only when true, so older events read as false
 * @param healthcheck  the merged health check; null = none (stored only when set)
 * @param networkDisabled Docker's {@code NetworkDisabled}: a network namespace with loopback only, on no network
 *                     whatever the network mode says (stored only when true)
 * @param attach       Docker's {@code AttachStdin}/{@code AttachStdout}/{@code AttachStderr} as the client sent them
 *                     (dockerd records them and inspect shows them); null for a container created before they were
 *                     journaled
 */
public record ContainerConfig(
        String image,
        String hostname,
        String domainname,
        String user,
        List<String> env,
        List<String> cmd,
        List<String> entrypoint,
        String workingDir,
        Map<String, String> labels,
        List<String> exposedPorts,
        List<String> volumes,
        boolean tty,
        boolean openStdin,
        String stopSignal,
        Long stopTimeout,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
        boolean stdinOnce,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Healthcheck healthcheck,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
        boolean networkDisabled,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Attach attach) {

    /** The streams the client said it would attach to at create. */
    public record Attach(boolean stdin, boolean stdout, boolean stderr) {
    }

    /** Without the attach flags (the shape before they were journaled). */
    public ContainerConfig(String image, String hostname, String domainname, String user, List<String> env,
            List<String> cmd, List<String> entrypoint, String workingDir, Map<String, String> labels,
            List<String> exposedPorts, List<String> volumes, boolean tty, boolean openStdin, String stopSignal,
            Long stopTimeout, boolean stdinOnce, Healthcheck healthcheck, boolean networkDisabled) {
        this(image, hostname, domainname, user, env, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, tty,
                openStdin, stopSignal, stopTimeout, stdinOnce, healthcheck, networkDisabled, null);
    }

    /** With its network (the shape before {@code networkDisabled} existed). */
    public ContainerConfig(String image, String hostname, String domainname, String user, List<String> env,
            List<String> cmd, List<String> entrypoint, String workingDir, Map<String, String> labels,
            List<String> exposedPorts, List<String> volumes, boolean tty, boolean openStdin, String stopSignal,
            Long stopTimeout, boolean stdinOnce, Healthcheck healthcheck) {
        this(image, hostname, domainname, user, env, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, tty,
                openStdin, stopSignal, stopTimeout, stdinOnce, healthcheck, false);
    }

    /** Without {@code healthcheck} (the shape before it existed; absent reads as null: no check). */
    public ContainerConfig(String image, String hostname, String domainname, String user, List<String> env,
            List<String> cmd, List<String> entrypoint, String workingDir, Map<String, String> labels,
            List<String> exposedPorts, List<String> volumes, boolean tty, boolean openStdin, String stopSignal,
            Long stopTimeout, boolean stdinOnce) {
        this(image, hostname, domainname, user, env, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, tty,
                openStdin, stopSignal, stopTimeout, stdinOnce, null);
    }

    /** Without {@code stdinOnce} (the shape before it existed). */
    public ContainerConfig(String image, String hostname, String domainname, String user, List<String> env,
            List<String> cmd, List<String> entrypoint, String workingDir, Map<String, String> labels,
            List<String> exposedPorts, List<String> volumes, boolean tty, boolean openStdin, String stopSignal,
            Long stopTimeout) {
        this(image, hostname, domainname, user, env, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, tty,
                openStdin, stopSignal, stopTimeout, false, null);
    }

    public ContainerConfig {
        Objects.requireNonNull(image, "image");
        hostname = hostname == null ? "" : hostname;
        domainname = domainname == null ? "" : domainname;
        user = user == null ? "" : user;
        env = env == null ? List.of() : List.copyOf(env);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        workingDir = workingDir == null ? "" : workingDir;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        // "" = none given (the engine stops with SIGTERM); containers created before kept "SIGTERM" here
        stopSignal = stopSignal == null ? "" : stopSignal;
    }

    /** The init process argv: entrypoint then cmd. */
    public List<String> argv() {
        var argv = new java.util.ArrayList<String>(entrypoint);
        argv.addAll(cmd);
        return List.copyOf(argv);
    }
}
