package dev.berth.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An image's configuration (the OCI/Docker "config" blob) as an immutable value. The wire form is
 * read and written by {@link ImageConfigJson}; the image id is the digest of those bytes.
 *
 * @param created when the image was made; nullable (some images omit it)
 * @param comment the top-level comment Docker keeps ({@code docker inspect .Comment}); nullable
 * @param diffIds the uncompressed-layer digests, base first
 * @param history one entry per build step, base first
 */
public record ImageConfig(
        String architecture,
        String os,
        String variant,
        Instant created,
        String author,
        String comment,
        ContainerDefaults config,
        List<Digest> diffIds,
        List<History> history) {

    public ImageConfig {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(os, "os");
        config = config == null ? ContainerDefaults.EMPTY : config;
        diffIds = List.copyOf(diffIds == null ? List.of() : diffIds);
        history = List.copyOf(history == null ? List.of() : history);
    }

    public ImageConfig withConfig(ContainerDefaults newConfig) {
        return new ImageConfig(architecture, os, variant, created, author, comment, newConfig, diffIds, history);
    }

    /** Chain ids of the layers, base first, as the layer store keys them. */
    public List<Digest> chainIds() {
        return ChainId.of(diffIds);
    }

    /**
     * What a container started from the image gets unless it overrides it. Lists are null when
     * unset, which is not the same as empty: an empty Cmd clears the parent's.
     */
    public record ContainerDefaults(
            String user,
            List<String> env,
            List<String> cmd,
            List<String> entrypoint,
            String workingDir,
            Map<String, String> labels,
            Set<String> exposedPorts,
            Set<String> volumes,
            String stopSignal,
            HealthConfig healthcheck,
            List<String> shell,
            List<String> onBuild) {

        public static final ContainerDefaults EMPTY =
                new ContainerDefaults(null, List.of(), null, null, null, Map.of(), Set.of(), Set.of(), null, null);

        /** Without SHELL or ONBUILD triggers. */
        public ContainerDefaults(String user, List<String> env, List<String> cmd, List<String> entrypoint,
                String workingDir, Map<String, String> labels, Set<String> exposedPorts, Set<String> volumes,
                String stopSignal, HealthConfig healthcheck) {
            this(user, env, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, stopSignal, healthcheck, null,
                    List.of());
        }

        /** Without a health check. */
        public ContainerDefaults(String user, List<String> env, List<String> cmd, List<String> entrypoint,
                String workingDir, Map<String, String> labels, Set<String> exposedPorts, Set<String> volumes,
                String stopSignal) {
            this(user, env, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, stopSignal, null);
        }

        public ContainerDefaults {
            user = emptyToNull(user);
            workingDir = emptyToNull(workingDir);
            stopSignal = emptyToNull(stopSignal);
            env = List.copyOf(env == null ? List.of() : env);
            cmd = cmd == null ? null : List.copyOf(cmd);
            entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
            // Sorted so equal configs are equal records and serialise to equal bytes.
            labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
            exposedPorts = Collections.unmodifiableSet(new TreeSet<>(exposedPorts == null ? Set.of() : exposedPorts));
            volumes = Collections.unmodifiableSet(new TreeSet<>(volumes == null ? Set.of() : volumes));
            // An unset SHELL is null (the builder's default applies); no triggers is the empty list either way.
            shell = shell == null || shell.isEmpty() ? null : List.copyOf(shell);
            onBuild = List.copyOf(onBuild == null ? List.of() : onBuild);
        }

        private static String emptyToNull(String s) {
            return s == null || s.isEmpty() ? null : s;
        }

        /** The value of {@code key} in {@link #env()}, or null. */
        public String envValue(String key) {
            for (String entry : env) {
                int eq = entry.indexOf('=');
                String k = eq < 0 ? entry : entry.substring(0, eq);
                if (k.equals(key)) {
                    return eq < 0 ? "" : entry.substring(eq + 1);
                }
            }
            return null;
        }

        public ContainerDefaults withUser(String v) {
            return new ContainerDefaults(v, env, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, stopSignal, healthcheck, shell, onBuild);
        }

        /** Sets or replaces {@code key=value}, keeping the position of an existing key. */
        public ContainerDefaults withEnv(String key, String value) {
            List<String> out = new ArrayList<>();
            boolean replaced = false;
            for (String entry : env) {
                int eq = entry.indexOf('=');
                String k = eq < 0 ? entry : entry.substring(0, eq);
                if (k.equals(key)) {
                    out.add(key + "=" + value);
                    replaced = true;
                } else {
                    out.add(entry);
                }
            }
            if (!replaced) {
                out.add(key + "=" + value);
            }
            return new ContainerDefaults(user, out, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, stopSignal, healthcheck, shell, onBuild);
        }

        public ContainerDefaults withCmd(List<String> v) {
            return new ContainerDefaults(user, env, v, entrypoint, workingDir, labels, exposedPorts, volumes, stopSignal, healthcheck, shell, onBuild);
        }

        public ContainerDefaults withEntrypoint(List<String> v) {
            return new ContainerDefaults(user, env, cmd, v, workingDir, labels, exposedPorts, volumes, stopSignal, healthcheck, shell, onBuild);
        }

        public ContainerDefaults withWorkingDir(String v) {
            return new ContainerDefaults(user, env, cmd, entrypoint, v, labels, exposedPorts, volumes, stopSignal, healthcheck, shell, onBuild);
        }

        public ContainerDefaults withLabel(String key, String value) {
            Map<String, String> out = new TreeMap<>(labels);
            out.put(key, value);
            return new ContainerDefaults(user, env, cmd, entrypoint, workingDir, out, exposedPorts, volumes, stopSignal, healthcheck, shell, onBuild);
        }

        public ContainerDefaults withExposedPort(String portProto) {
            Set<String> out = new LinkedHashSet<>(exposedPorts);
            out.add(portProto);
            return new ContainerDefaults(user, env, cmd, entrypoint, workingDir, labels, out, volumes, stopSignal, healthcheck, shell, onBuild);
        }

        public ContainerDefaults withVolume(String path) {
            Set<String> out = new LinkedHashSet<>(volumes);
            out.add(path);
            return new ContainerDefaults(user, env, cmd, entrypoint, workingDir, labels, exposedPorts, out, stopSignal, healthcheck, shell, onBuild);
        }

        public ContainerDefaults withHealthcheck(HealthConfig v) {
            return new ContainerDefaults(user, env, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, stopSignal, v, shell, onBuild);
        }

        public ContainerDefaults withShell(List<String> v) {
            return new ContainerDefaults(user, env, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, stopSignal, healthcheck, v, onBuild);
        }

        /** Adds an ONBUILD trigger, the instruction as written after ONBUILD. */
        public ContainerDefaults withOnBuildTrigger(String trigger) {
            List<String> out = new ArrayList<>(onBuild);
            out.add(trigger);
            return new ContainerDefaults(user, env, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, stopSignal, healthcheck, shell, out);
        }

        /** The triggers dropped: a build runs them once and its image does not inherit them. */
        public ContainerDefaults withoutOnBuild() {
            return new ContainerDefaults(user, env, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, stopSignal, healthcheck, shell, List.of());
        }

        public ContainerDefaults withStopSignal(String v) {
            return new ContainerDefaults(user, env, cmd, entrypoint, workingDir, labels, exposedPorts, volumes, v, healthcheck, shell, onBuild);
        }
    }

    /**
     * The image's {@code Healthcheck} as its config holds it (Docker's HealthConfig): durations in
     * nanoseconds, 0 = unset; {@code test} {@code ["NONE"]}, {@code ["CMD", …]} or {@code ["CMD-SHELL", cmd]}.
     */
    public record HealthConfig(List<String> test, long interval, long timeout, long startPeriod, long startInterval,
                               long retries) {
        public HealthConfig {
            test = test == null ? List.of() : List.copyOf(test);
        }
    }

    /** One build step. {@code emptyLayer} marks steps that changed only the config. */
    public record History(Instant created, String createdBy, String comment, boolean emptyLayer) {
        public History {
            createdBy = createdBy == null ? "" : createdBy;
            comment = comment == null ? "" : comment;
        }
    }
}
