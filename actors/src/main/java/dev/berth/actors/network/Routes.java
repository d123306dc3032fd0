package dev.berth.actors.network;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Route and address changes inside a container's network namespace ({@code nsenter --net=NETNS ip -batch -}). */
final class Routes {
    private Routes() {}

    /**
     * Runs {@code batch} (lines of {@code ip} commands) in the namespace.
     *
     * @param mayFail a failure is no error (deleting a route that is not there)
     */
    static void run(Path netns, String batch, boolean mayFail) {
        Result r = inNamespace(netns, List.of("ip", "-batch", "-"), batch, "ip -batch");
        if (r.exitCode() != 0 && !mayFail) {
            throw EngineException.internal("cannot set up the container's interfaces: " + r.output(), null);
        }
    }

    /** What a command in the namespace printed (stdout and stderr), stripped, and its exit code. */
    record Result(int exitCode, String output) {}

    /** Runs {@code command} in the namespace ({@code nsenter --net=NETNS}) with {@code stdin}; {@code what} names it. */
    static Result inNamespace(Path netns, List<String> command, String stdin, String what) {
        List<String> cmd = new java.util.ArrayList<>(List.of("nsenter", "--net=" + netns));
        cmd.addAll(command);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out;
            try (var o = p.getInputStream()) {
                out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw EngineException.unavailable(what + " in " + netns + " timed out", null);
            }
            return new Result(p.exitValue(), out.strip());
        } catch (IOException e) {
            throw EngineException.unavailable("cannot run nsenter: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable("interrupted while running " + what, e);
        }
    }
}
