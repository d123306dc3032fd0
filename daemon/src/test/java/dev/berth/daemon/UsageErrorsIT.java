package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad command lines through the real docker CLI and {@code bin/berth}, both pointed at a socket that
 * does not exist (these errors come before any daemon call; a line both accept ends in the same
 * "Cannot connect"): the same stderr, docker for berth, the same exit code, the same stdout. Fails,
 * not skips, without a docker CLI on PATH.
 */
@Timeout(300)
class UsageErrorsIT {
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();
    private static final String HOST = "unix:///nonexistent-sock";

    /** One line per case; arguments split at spaces. */
    private static final List<String> LINES = List.of(
            "nosuch", "nosuch a b", "volume nosuch", "container nosuch", "--nosuch", "-Z ps", "-H",
            "ps --nosuch", "ps --nosuch=3", "ps -Z", "ps -aZ", "ps --filter", "ps -af", "ps --last x", "ps -n x",
            "ps --last=99999999999999999999", "ps --all=x", "ps -a=x", "ps x", "ps --all x", "ps x --nosuch",
            "container ps x", "container ls -q -Z", "inspect", "inspect --nosuch", "inspect -f", "logs", "logs a b",
            "logs --since", "logs --details=maybe a", "rename a", "login a b", "commit", "commit a b c", "port",
            "port a b c", "events x", "events --until", "stop -t x a", "stop --timeout=1.5 a", "stats --no-stream=x",
            "run", "run --nosuch", "run -Z x", "run --cpu-shares x img", "run --rm -e", "create --nosuch", "exec a",
            "exec --nosuch", "wait --nosuch", "tag a", "cp a", "pull", "history a b", "load x", "version x",
            "info x", "volume ls --nosuch", "volume --nosuch", "image --nosuch", "network connect a",
            "network create", "volume create a b", "image ls a b", "images a b", "network rm",
            // values the commands refuse once picocli has read them, and their own refusals
            "ps -f bogus", "container ls --filter=bogus", "images -f x", "container prune -f --filter x",
            "image prune -f --filter x", "run -m x img", "container run --shm-size x img", "create -m x img",
            "update --memory-swap x a", "run --cpus x img", "container run --network=x,foo=1 img",
            "run --pull bogus img", "container create --pull bogus img", "cp a b", "cp a:/x b:/y", "update a",
            "login --password a --password-stdin", "login --password-stdin", "volume create --name a b",
            "--log-level loud ps", "ps -n 08", "ps -n 0x_", "ps -n 1__0", "stop -t 0x1g a",
            "ps -n 0xffffffffffffffffffff", "ps --all=yes", "ps -a=tRuE", "logs --details=2 a",
            // a boolean given an empty value: ParseBool "" (--all=), or '=' read as a shorthand (-a=)
            "ps --all=", "ps -a=", "ps -qa=", "ps --no-trunc=", "ps --nosuch --all=", "ps --format --all=",
            "images --all=", "run --rm= img", "run -d= img", "--debug= ps", "logs --timestamps= a", "stop --time= a",
            "ps --nosuch -n x",
            // Go ints are 64-bit; --blkio-weight a uint16 and --io-maxiops a uint64 (ParseUint, no sign)
            "ps -n 3000000000", "stop -t 3000000000 a", "restart --timeout 3000000000 a",
            "run --oom-score-adj 3000000000 img", "create --stop-timeout 3000000000 img",
            "run --health-retries 3000000000 img", "run --blkio-weight x img", "run --blkio-weight 70000 img",
            "run --blkio-weight -1 img", "update --blkio-weight 0x10000 a", "run --io-maxiops -1 img",
            "run --io-maxiops 18446744073709551616 img", "run --cpu-shares 3000000000 img",
            // import takes 1 or more arguments and ignores those after REPOSITORY
            "import a b c", "import a",
            // --time: its own (deprecated) flag: its name in errors, a notice on stdout, no --timeout with it
            "stop --time x a", "restart --time x a", "stop --time 5 a", "stop --time 5 -t 3 a",
            "restart --time=5 --timeout 3 a", "stop --time 5",
            // the commands' own words
            "inspect --type bogus x", "events --since x", "events --until 1x", "run --sysctl x img",
            // docker parses --since/--until itself: Go's time.Parse messages for what looks like a date
            "events --since 2020-13-01", "events --until 2020-13-01", "events --since 2020-02-30",
            "events --since 2020-1-01", "events --since 2020-01-01T25:00", "events --since 2020-01-01T10:00:00z",
            "events --since 2020-01-01T10:00:00+25:00", "events --since 2020-01-01x", "events --since -5",
            "events --since 99999999999999999999", "events --until 1.5.3",
            "run --sysctl kernel.foo=1 img", "run --sysctl =1 img", "run --sysctl net.x= img",
            "network create --subnet x --subnet y n", "network create --subnet 10.0.0.0/16 --ip-range x n",
            "network create --subnet 10.0.0.0/16 --aux-address a=x n",
            "network create --subnet 10.0.0.0/16 --gateway 10.1.0.1 n",
            // attach, search, system/builder prune, context
            "attach", "attach a b", "attach --sig-proxy=maybe a", "container attach", "search", "search a b",
            "search --limit x a", "search --filter x a", "system prune x", "system prune -f --filter x",
            "builder prune x", "builder prune --keep-storage x", "context show x", "context ls x", "context inspect -f",
            "container commit", "system info x", "system events x");

    /** Every command berth has: an unknown flag shows its usage line, to compare with docker's. */
    private static final List<String> COMMANDS = List.of("run", "create", "start", "stop", "kill", "pause",
            "unpause", "top", "stats", "update", "restart", "rm", "ps", "logs", "inspect", "wait", "rename", "port",
            "images", "import", "tag", "rmi", "events", "version", "info", "pull", "push", "login", "logout", "save",
            "load", "history", "commit", "exec", "cp", "diff", "export", "container", "image", "network", "volume",
            "plugin", "system", "container run", "container create", "container start", "container stop",
            "container kill", "container restart", "container rm", "container ls", "container ps", "container logs",
            "container inspect", "container wait", "container rename", "container prune", "container port",
            "container exec", "container cp", "container diff", "container export", "container pause",
            "container unpause", "container top", "container stats", "container update", "image ls", "image rm",
            "image tag", "image import", "image inspect", "image pull", "image push", "image save", "image load",
            "image history", "image prune", "network connect", "network create", "network disconnect",
            "network inspect", "network ls", "network prune", "network rm", "volume create", "volume inspect",
            "volume ls", "volume prune", "volume rm", "plugin ls", "system df", "attach", "search", "builder",
            "context", "container attach", "container commit", "system info", "system events", "system prune",
            "builder prune", "context ls", "context show", "context inspect");

    private record Out(int code, String out, String err) {}

    @Test
    void badLines_printWhatDockerPrints() throws Exception {
        List<String> lines = new ArrayList<>(LINES);
        for (String command : COMMANDS) lines.add(command + " --nosuch");
        check(lines);
    }

    private static void check(List<String> lines) throws Exception {
        String docker = docker();
        assertTrue(docker != null, "no docker CLI on PATH: this test compares berth's words with it");
        assertTrue(Files.exists(Path.of("..", "cli", "target", "lib")), "cli module not packaged (mvn package)");
        // each line is its own pair of short processes that talk to no daemon: four at a time (~250 lines)
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<String>> results = new ArrayList<>();
        try {
            for (String line : lines) results.add(pool.submit(() -> mismatch(docker, line)));
            List<String> mismatches = new ArrayList<>();
            for (var result : results) {
                String m = result.get();
                if (m != null) mismatches.add(m);
            }
            assertThat(mismatches).as("lines berth words or codes unlike docker").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** What berth printed unlike docker for {@code line}, or null when it is the same. */
    private static String mismatch(String docker, String line) throws IOException, InterruptedException {
        Out want = run(docker, line);
        Out got = run(BERTH.toString(), line);
        // berth keeps docker's "Is the docker daemon running?" (lines both accept end there)
        // and without the legacy builder's DEPRECATED banner (builder commands, a docker without buildx)
        String expected = want.err().replaceAll("(?s)^DEPRECATED: The legacy builder.*?\n\n", "")
                .replace("docker", "berth")
                .replace("Is the berth daemon running?", "Is the docker daemon running?");
        // stdout too: empty for all but docker's deprecation notices (stop --time)
        if (want.code() != got.code() || !expected.equals(got.err()) || !want.out().equals(got.out())) {
            return line + ": docker exit " + want.code() + "\n" + expected + "berth exit " + got.code()
                    + "\n" + got.err() + got.out();
        }
        return null;
    }

    private static String docker() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "docker");
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    private static Out run(String program, String line) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(program);
        cmd.addAll(List.of(line.split(" ")));
        Path dir = Files.createTempDirectory("usage-");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("DOCKER_HOST", HOST);
            pb.environment().remove("BERTH_HOST");
            pb.environment().put("DOCKER_CONFIG", dir.toString());
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Out(-1, "", "timed out");
            }
            return new Out(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                    Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
        } finally {
            for (String f : new String[] {"out", "err"}) Files.deleteIfExists(dir.resolve(f));
            try (var s = Files.list(dir)) {
                s.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }
}
