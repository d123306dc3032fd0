package dev.berth.engine;

import dev.berth.api.model.ContainerTopResponse;
import dev.berth.spi.EngineException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code docker top} as dockerd does it: the host's {@code ps} with the user's options, its lines kept
 * for the container's pids. {@code -q <pids>} narrows ps's own work where the options allow it (some,
 * such as {@code f}, refuse it: then the whole table is read and filtered).
 */
class HostPs {
    private static final long TIMEOUT_SECONDS = 30;

    ContainerTopResponse top(String psArgs, Set<Integer> pids) {
        List<String> args = new ArrayList<>(List.of("ps"));
        args.addAll(Arrays.asList(psArgs.trim().split("\\s+")));
        List<String> narrowed = new ArrayList<>(args);
        narrowed.add("-q");
        narrowed.add(pids.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
        Output out = pids.isEmpty() ? null : run(narrowed);
        if (out == null || out.code() != 0) {
            out = run(args);
            if (out.code() != 0) {
                // ps refused the options the client gave (ps_args): the client's fault, a 400 (dockerd
                // answers 500 here); its first line says why, the usage text after it is noise
                String why = out.stderr().strip().lines().findFirst().orElse("exit status " + out.code());
                throw EngineException.invalid("ps: " + why);
            }
        }
        return parse(out.stdout(), pids);
    }

    /**
     * ps's table: the titles, then one row per process of {@code pids}; the last column (the command)
     * keeps its spaces.
     */
    static ContainerTopResponse parse(String output, Set<Integer> pids) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            // no titles at all: the client's ps_args asked for none (--no-headers)
            throw EngineException.invalid("Couldn't find PID field in ps output");
        }
        List<String> titles = List.of(lines.get(0).trim().split("\\s+"));
        int pidColumn = titles.indexOf("PID");
        if (pidColumn < 0) {
            // the client's ps_args chose columns without PID (-o comm)
            throw EngineException.invalid("Couldn't find PID field in ps output");
        }
        List<List<String>> processes = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length <= pidColumn) {
                continue;
            }
            int pid;
            try {
                pid = Integer.parseInt(fields[pidColumn]);
            } catch (NumberFormatException e) {
                throw EngineException.internal("Unexpected pid '" + fields[pidColumn] + "'", null);
            }
            if (!pids.contains(pid)) {
                continue;
            }
            int last = titles.size() - 1;
            List<String> row = new ArrayList<>(Arrays.asList(fields).subList(0, Math.min(last, fields.length)));
            if (fields.length > last) {
                row.add(String.join(" ", Arrays.asList(fields).subList(last, fields.length)));
            }
            processes.add(row);
        }
        return new ContainerTopResponse(titles, processes);
    }

    private record Output(int code, String stdout, String stderr) {}

    private static Output run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            byte[] out;
            byte[] err;
            try (var stdout = p.getInputStream(); var stderr = p.getErrorStream()) {
                out = stdout.readAllBytes();
                err = stderr.readAllBytes();
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw EngineException.unavailable("ps timed out", null);
            }
            return new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw EngineException.unavailable("cannot run ps: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable("interrupted while running ps", e);
        }
    }
}
