package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One docker-compose project of the test resources ({@code compose/<template>}), copied to a temp
 * directory and driven with Debian's docker-compose against a {@link BerthdProcess} under a project
 * name of its own. Compose sees DOCKER_HOST and the project's variables only (no other DOCKER_*, no
 * COMPOSE_* unless a call adds it), as a user who points it at berthd. {@link #close()} takes the project down with its volumes and
 * removes what it built, then the copy.
 */
final class ComposeProject implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private final BerthdProcess daemon;
    private final String name;
    private final Map<String, String> env;
    private final Path root;
    private final Path dir;
    private int calls;

    ComposeProject(BerthdProcess daemon, String template, String name, Map<String, String> env) throws IOException {
        this.daemon = daemon;
        this.name = name;
        this.env = Map.copyOf(env);
        this.root = Files.createTempDirectory("berth-compose-");
        this.dir = root.resolve(template);
        copy(resource("compose/" + template), dir);
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    Map<String, String> env() {
        return env;
    }

    /** Compose 1's container name for a service's n-th container. */
    String container(String service, int n) {
        return name + "_" + service + "_" + n;
    }

    Result run(String... args) {
        return run(Map.of(), args);
    }

    /** {@code docker-compose -p NAME ARGS} in the project's directory, with these variables added. */
    Result run(Map<String, String> extra, String... args) {
        ProcessBuilder pb = builder(extra, args);
        Path out = root.resolve("call-" + (++calls) + ".out");
        Path err = root.resolve("call-" + calls + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        try {
            Process p = pb.start();
            boolean done = p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            String o = Files.readString(out);
            String e = Files.readString(err);
            return new Result(done ? p.exitValue() : -1, o, done ? e : e + "\n[timed out: " + pb.command() + "]");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Result ok(String... args) {
        return ok(Map.of(), args);
    }

    Result ok(Map<String, String> extra, String... args) {
        Result r = run(extra, args);
        assertThat(r.exitCode()).as("docker-compose " + String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    /**
     * Starts a streaming command ({@code logs -f}, {@code events}), runs {@code action} once it is
     * listening, and stops it as soon as its output holds {@code needle}; returns that output.
     */
    String follow(List<String> args, String needle, Runnable action) throws IOException, InterruptedException {
        Path out = root.resolve("follow-" + (++calls) + ".out");
        ProcessBuilder pb = builder(Map.of(), args.toArray(String[]::new)).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            Thread.sleep(2000); // compose connects and subscribes before anything happens
            action.run();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                String seen = Files.readString(out);
                if (seen.contains(needle)) {
                    return seen;
                }
                assertThat(p.isAlive()).as("docker-compose " + args + " ended early:\n" + seen).isTrue();
                Thread.sleep(200);
            }
            throw new AssertionError("no '" + needle + "' from docker-compose " + args + " in 60 s:\n" + Files.readString(out));
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Waits up to 60 s for the condition. */
    void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            BerthdProcess.sleep(250);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            run("down", "-v", "--remove-orphans", "-t", "1");
            daemon.docker("rmi", "-f", name + "_migrate", name + "_broken");
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private ProcessBuilder builder(Map<String, String> extra, String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker-compose", "-p", name));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("DOCKER_") || k.startsWith("COMPOSE_"));
        Map<String, String> vars = new HashMap<>(env);
        vars.putAll(extra);
        e.putAll(vars);
        e.put("DOCKER_HOST", daemon.host());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb;
    }

    private static Path resource(String path) {
        try {
            return Paths.get(ComposeProject.class.getClassLoader().getResource(path).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("test resource " + path + " is missing", e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
