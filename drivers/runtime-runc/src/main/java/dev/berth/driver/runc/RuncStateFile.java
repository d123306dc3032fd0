package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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
