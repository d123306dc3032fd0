package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code runc state}'s answer for the common case, read from the files runc itself reads instead of
 * starting a runc process: at a daemon start every running container was asked twice (alive? paused?),
 * two process starts each, most of the start-up's CPU at 100 running containers.
 *
 * <p>runc decides "running" as follows: the init process named in {@code <root>/<id>/state.json}
 * ({@code init_process_pid}) exists with the start time recorded there ({@code init_process_start}, clock
 * ticks since boot as in {@code /proc/PID/stat}) and is neither a zombie nor dead, no {@code exec.fifo} waits
 * in the state directory (that would be "created"), and the freezer is thawed (else "paused"). Only that
 * answer is given here, when every file says so; anything else (no state.json, as with crun, a file that does
 * not parse, a process gone or reused, a frozen or freezing cgroup) returns empty and the caller asks runc.
 * So a dead container is never reported running: the positive answer needs the very process runc started.
 */
final class RuncStateFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Path proc;

    RuncStateFile(Path root) {
        this(root, Path.of("/proc"));
    }

    /** @param proc where procfs is (tests give a directory of their own) */
    RuncStateFile(Path root, Path proc) {
        this.root = root;
        this.proc = proc;
    }

    /** {@code running} with its pid when the files prove it; empty when only runc can tell. */
    Optional<RuncCli.State> running(String id) {
        Path dir = root.resolve(id);
        try {
            JsonNode state = JSON.readTree(dir.resolve("state.json").toFile());
            JsonNode pidNode = state.path("init_process_pid");
            JsonNode startNode = state.path("init_process_start");
            if (!pidNode.canConvertToInt() || pidNode.asInt() <= 0 || !startNode.isIntegralNumber()
                    || Files.exists(dir.resolve("exec.fifo"))) {
                return Optional.empty();
            }
            int pid = pidNode.asInt();
            if (!sameProcess(pid, startNode.asLong()) || !thawed(state.path("cgroup_paths"))) {
                return Optional.empty();
            }
            return Optional.of(new RuncCli.State("running", pid));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code runc delete --force} of a container whose run is over, done here when the files show that all it
     * does is remove them: the init process runc recorded is gone, the container had a PID namespace of its
     * own (so the kernel ended every process in it with its init, and runc signals nothing), no hooks (no
     * poststop to run), cgroupfs rather than systemd, no Intel RDT group. runc then removes each cgroup in
     * {@code cgroup_paths} (subgroups first) and its state directory, which is what is done here. A process
     * start (~10 ms of CPU, beside the exit being journaled on a small machine) is saved on every exit.
     *
     * @return false, having possibly removed some cgroups, when runc has to do it (anything else, or a cgroup
     *         that would not go: runc retries that and reports it)
     */
    boolean deleteStopped(String id) {
        Path dir = root.resolve(id);
        try {
            JsonNode state = JSON.readTree(dir.resolve("state.json").toFile());
            JsonNode config = state.path("config");
            JsonNode pidNode = state.path("init_process_pid");
            if (!pidNode.canConvertToInt() || !state.path("init_process_start").isIntegralNumber()
                    || sameProcess(pidNode.asInt(), state.path("init_process_start").asLong())
                    || state.path("rootless").asBoolean(true) || !state.path("intel_rdt_path").asText("").isEmpty()
                    || config.path("cgroups").path("Systemd").asBoolean(true) || !noHooks(config.path("Hooks"))
                    || !ownPidNamespace(config.path("namespaces")) || !state.path("cgroup_paths").isObject()) {
                return false;
            }
            for (JsonNode path : state.path("cgroup_paths")) {
                if (!removeCgroup(Path.of(path.asText()))) {
                    return false;
                }
            }
            RuncRuntimeDriver.deleteTree(dir);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean noHooks(JsonNode hooks) {
        if (hooks.isMissingNode() || hooks.isNull()) {
            return true;
        }
        for (JsonNode h : hooks) {
            if (!h.isNull() && !h.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean ownPidNamespace(JsonNode namespaces) {
        for (JsonNode ns : namespaces) {
            if ("NEWPID".equals(ns.path("type").asText()) && ns.path("path").asText("").isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** rmdir of a cgroup and the groups below it (their control files go with them); gone already is fine. */
    private static boolean removeCgroup(Path path) {
        if (!Files.isDirectory(path)) {
            return true;
        }
        try (Stream<Path> below = Files.list(path)) {
            for (Path p : below.filter(Files::isDirectory).toList()) {
                if (!removeCgroup(p)) {
                    return false;
                }
            }
            Files.delete(path);
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }


    /** Whether {@code pid} is the process that started at {@code start} ticks after boot, and not a zombie. */
    private boolean sameProcess(int pid, long start) throws IOException {
        String stat;
        try {
            stat = Files.readString(proc.resolve(Integer.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        // the command name may hold spaces and parentheses: fields are counted after the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state), f[19] field 22 (starttime)
        return f.length > 19 && !f[0].equals("Z") && !f[0].equals("X") && Long.parseLong(f[19]) == start;
    }

    /** cgroup v1: the freezer hierarchy's {@code freezer.state}; v2 (no freezer hierarchy): {@code cgroup.freeze}. */
    private static boolean thawed(JsonNode paths) throws IOException {
        if (paths.hasNonNull("freezer")) {
            return Files.readString(Path.of(paths.get("freezer").asText(), "freezer.state")).trim().equals("THAWED");
        }
        if (paths.hasNonNull("")) {
            return Files.readString(Path.of(paths.get("").asText(), "cgroup.freeze")).trim().equals("0");
        }
        return false;
    }
}
