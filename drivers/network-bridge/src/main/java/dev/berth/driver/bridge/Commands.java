package dev.berth.driver.bridge;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs host commands ({@code ip}, {@code iptables}, {@code nsenter}) and reports failures with their output. */
final class Commands {

    private Commands() {
    }

    record Result(int code, String out) {
        boolean ok() {
            return code == 0;
        }
    }

    /** Runs and returns exit code and combined output; never throws for a non-zero exit. */
    static Result run(String stdin, List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + " (timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw EngineException.unavailable(cmd.get(0) + " failed to start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable(cmd.get(0) + " interrupted", e);
        }
    }

    static Result run(List<String> cmd) {
        return run(null, cmd);
    }

    /** Runs and throws UNAVAILABLE with the command's output on a non-zero exit. */
    static String check(String stdin, List<String> cmd) {
        Result r = run(stdin, cmd);
        if (!r.ok()) {
            throw EngineException.unavailable(String.join(" ", cmd) + ": " + r.out().strip()
                    + (stdin == null ? "" : "\n" + stdin), null);
        }
        return r.out();
    }

    static String check(List<String> cmd) {
        return check(null, cmd);
    }

    /** Finds an executable on PATH or the usual sbin directories. */
    static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
