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
        try {
            Process p = new ProcessBuilder(List.of("nsenter", "--net=" + netns, "ip", "-batch", "-"))
                    .redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(batch.getBytes(StandardCharsets.UTF_8));
            }
            String out;
            try (var o = p.getInputStream()) {
                out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw EngineException.unavailable("ip -batch in " + netns + " timed out", null);
            }
            if (p.exitValue() != 0 && !mayFail) {
                throw EngineException.internal("cannot set up the container's interfaces: " + out.strip(), null);
            }
        } catch (IOException e) {
            throw EngineException.unavailable("cannot run nsenter: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable("interrupted while setting a route", e);
        }
    }
}
