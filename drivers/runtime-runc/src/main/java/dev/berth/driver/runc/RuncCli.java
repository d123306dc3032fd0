package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI runtime's command line (runc, or one that speaks runc's CLI: crun), always with this
 * daemon's private {@code --root} for that runtime and the runtime's configured global arguments
 * (daemon.json {@code runtimeArgs}).
 */
final class RuncCli {

    /** What {@code runc state} says. */
    record State(String status, int pid) {
        boolean alive() {
            return status.equals("running") || status.equals("created") || status.equals("paused");
        }
    }

    /** One finished runc invocation. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        /** runc's own error message, without logrus's {@code time=… level=error msg=…} frame. */
        String message() {
            return errorMessage(stderr.isBlank() ? stdout : stderr);
        }
    }

    private static final Pattern LOGRUS_MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final long TIMEOUT_SECONDS = 60;

    private final String name;
    private final Path runc;
    private final Path root;
    private final List<String> runtimeArgs;
    private volatile Set<String> mountOptions;
    private final ObjectMapper json = new ObjectMapper();
    private final RuncStateFile stateFile;

    RuncCli(Path runc, Path root) {
        this(RuncRuntimeProvider.NAME, runc, root, List.of());
    }

    /** @param runtimeArgs global flags given before every subcommand, after {@code --root} */
    RuncCli(String name, Path runc, Path root, List<String> runtimeArgs) {
        this.name = name;
        this.runc = runc;
        this.root = root;
        this.runtimeArgs = List.copyOf(runtimeArgs);
        this.stateFile = new RuncStateFile(root);
    }

    /** The runtime's name as users select it ({@code docker run --runtime NAME}). */
    String name() {
        return name;
    }

    /** {@code --root=…} and the configured runtime arguments: what every invocation starts with. */
    List<String> globalArgs() {
        List<String> args = new ArrayList<>();
        args.add("--root=" + root);
        args.addAll(runtimeArgs);
        return args;
    }

    Path binary() {
        return runc;
    }

    Path root() {
        return root;
    }

    /** Whether the runtime holds any state for this id (its directory under our root): no process asked. */
    boolean known(String id) {
        return java.nio.file.Files.isDirectory(root.resolve(id));
    }

    Optional<State> state(String id) {
        if (!known(id)) {
            // runc keeps a directory per container under its root: none, nothing to ask (a process
            // spawn saved on every clean-up of an already-deleted container)
            return Optional.empty();
        }
        // a running, thawed container is read from runc's own files; every other answer is runc's
        Optional<State> running = stateFile.running(id);
        if (running.isPresent()) {
            return running;
        }
        Result r = run("state", id);
        if (!r.ok()) {
            return Optional.empty();
        }
        try {
            JsonNode n = json.readTree(r.stdout());
            return Optional.of(new State(n.path("status").asText(), n.path("pid").asInt()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Result start(String id) {
        return run("start", id);
    }

    /**
     * The mount options of {@code runc features} (runc 1.1+, the OCI runtime features document), asked
     * once; empty when the runtime has no such command (crun before 1.9 answers "unknown command") or
     * its answer does not parse.
     */
    Set<String> mountOptions() {
        Set<String> known = mountOptions;
        if (known == null) {
            known = Set.of();
            try {
                Result r = run("features");
                if (r.ok()) {
                    Set<String> options = new java.util.TreeSet<>();
                    json.readTree(r.stdout()).path("mountOptions").forEach(o -> options.add(o.asText()));
                    known = Set.copyOf(options);
                }
            } catch (IOException | EngineException e) {
                known = Set.of();
            }
            mountOptions = known;
        }
        return known;
    }

    Result kill(String id, int signal) {
        return run("kill", id, Integer.toString(signal));
    }

    Result pause(String id) {
        return run("pause", id);
    }

    Result resume(String id) {
        return run("resume", id);
    }

    /** {@code runc ps --format json}: the host pids of the container's processes. */
    Result ps(String id) {
        return run("ps", "--format", "json", id);
    }

    Result update(String id, List<String> flags) {
        List<String> args = new ArrayList<>(List.of("update"));
        args.addAll(flags);
        args.add(id);
        return run(args.toArray(String[]::new));
    }

    /** {@code delete --force}; a run that is over is deleted from runc's files without a runc process (see RuncStateFile). */
    Result deleteForce(String id) {
        if (stateFile.deleteStopped(id)) {
            return new Result(0, "", "");
        }
        return run("delete", "--force", id);
    }

    Result run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(runc.toString());
        cmd.addAll(globalArgs());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // runc's output is small; read both before waiting so neither pipe can fill up
            byte[] err;
            byte[] out;
            try (var stderr = p.getErrorStream(); var stdout = p.getInputStream()) {
                out = stdout.readAllBytes();
                err = stderr.readAllBytes();
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw EngineException.unavailable(name + " " + String.join(" ", args) + " timed out", null);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw EngineException.unavailable("cannot run " + runc + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable("interrupted while running " + name, e);
        }
    }

    /** crun's "executable file `x` not found in $PATH: No such file or directory". */
    private static final Pattern CRUN_NOT_FOUND = Pattern.compile(
            "executable file `([^`]*)` not found in \\$PATH: No such file or directory");

    /**
     * The runtime's error in runc's words where crun says the same thing otherwise: users (and
     * Docker's clients) look for runc's {@code exec: "x": executable file not found in $PATH}.
     */
    static String errorMessage(String output) {
        String m = lastMessage(output);
        Matcher crun = CRUN_NOT_FOUND.matcher(m);
        return crun.find() ? crun.replaceFirst(Matcher.quoteReplacement("exec: \"" + crun.group(1)
                + "\": executable file not found in $PATH")) : m;
    }

    /** Pulls the last {@code msg="…"} out of logrus text or JSON output, or returns the text trimmed. */
    private static String lastMessage(String output) {
        String last = null;
        for (String line : output.lines().toList()) {
            String l = line.strip();
            if (l.startsWith("{")) {
                try {
                    JsonNode n = new ObjectMapper().readTree(l);
                    if (n.has("msg")) {
                        last = n.get("msg").asText();
                        continue;
                    }
                } catch (IOException e) {
                    // not JSON after all
                }
            }
            Matcher m = LOGRUS_MSG.matcher(l);
            if (m.find()) {
                last = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
            } else if (!l.isEmpty()) {
                last = l;
            }
        }
        return last == null ? output.strip() : last;
    }
}
