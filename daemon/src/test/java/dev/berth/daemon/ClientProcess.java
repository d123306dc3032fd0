package dev.berth.daemon;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client program (a Python SDK script, the docker CLI with a context) with its own
 * environment: DOCKER_HOST, DOCKER_CONTEXT and DOCKER_CONFIG from the test's JVM are dropped, so only
 * what {@code env} says reaches the client.
 */
final class ClientProcess {
    private ClientProcess() {}

    record Output(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Never throws for a non-zero exit; a timeout kills the process and is exit -1. */
    static Output run(Duration timeout, Map<String, String> env, Path workDir, String... cmd) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("berth-client-");
            Path out = scratch.resolve("out");
            Path err = scratch.resolve("err");
            ProcessBuilder pb = new ProcessBuilder(List.of(cmd))
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            for (String name : List.of("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_API_VERSION",
                    "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH")) {
                pb.environment().remove(name);
            }
            pb.environment().put("DOCKER_CLI_HINTS", "false");
            pb.environment().put("PYTHONUNBUFFERED", "1");
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String o = Files.readString(out);
            String e = Files.readString(err);
            return done ? new Output(p.exitValue(), o, e)
                    : new Output(-1, o, e + "\n[timed out after " + timeout + ": " + String.join(" ", cmd) + "]");
        } catch (IOException e) {
            return new Output(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output(-1, "", e.toString());
        } finally {
            if (scratch != null) {
                try (var files = Files.list(scratch)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(scratch);
                } catch (IOException ignored) {
                    // a temp dir left behind is harmless
                }
            }
        }
    }
}
