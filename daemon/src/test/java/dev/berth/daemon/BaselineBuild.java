package dev.berth.daemon;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A previous release of Berth, built from this repository's own history into
 * {@code target/baseline-<short sha>} (the module's target directory) with {@code git archive} and
 * {@code mvn package}: the daemon that writes the data root {@link UpgradeIT} hands to this build.
 * A directory a previous run built is reused. Never skips: a commit that cannot be had fails.
 */
final class BaselineBuild {
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final String DAEMON_JAR = "daemon/target/berth-daemon-0.1.0-SNAPSHOT.jar";
    /** Written last, holding the full sha: a directory without it is a build that did not finish. */
    private static final String MARKER = ".baseline-built";

    private BaselineBuild() {}

    /** The checkout of {@code sha}, built; its {@code bin/berthd} runs that release's daemon. */
    static Path of(String sha) throws IOException {
        Path repo = repoRoot();
        ensureCommit(repo, sha);
        Path target = Path.of("target").toAbsolutePath();
        Path dir = target.resolve("baseline-" + sha.substring(0, 7));
        Path marker = dir.resolve(MARKER);
        if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(sha)
                && Files.isRegularFile(dir.resolve(DAEMON_JAR))) {
            return dir;
        }
        Files.createDirectories(target);
        Path log = target.resolve("baseline-" + sha.substring(0, 7) + ".log");
        Files.deleteIfExists(log);
        require(exec(GIT_TIMEOUT, log, "rm", "-rf", "--one-file-system", dir.toString()), "rm -rf " + dir, log);
        Files.createDirectories(dir);
        require(exec(GIT_TIMEOUT, log, "bash", "-c", "set -o pipefail; git -C \"$1\" archive \"$2\" | tar -x -C \"$3\"",
                "archive", repo.toString(), sha, dir.toString()), "git archive " + sha, log);
        List<String> offline = List.of(maven(), "-B", "-q", "-o", "-f", dir.resolve("pom.xml").toString(),
                "-DskipTests", "package");
        if (exec(BUILD_TIMEOUT, log, offline.toArray(String[]::new)) != 0) {
            // Offline fails when the older release needs an artifact the local repository lacks.
            List<String> online = new ArrayList<>(offline);
            online.remove("-o");
            require(exec(BUILD_TIMEOUT, log, online.toArray(String[]::new)), "mvn package of " + sha, log);
        }
        if (!Files.isRegularFile(dir.resolve(DAEMON_JAR))) {
            throw new AssertionError("the build of " + sha + " made no " + DAEMON_JAR + "; see " + log);
        }
        Files.writeString(marker, sha + "\n");
        return dir;
    }

    /** The working tree this test runs in (the module directory's repository). */
    static Path repoRoot() throws IOException {
        Path out = Files.createTempFile("berth-git-", ".out");
        try {
            int rc = exec(GIT_TIMEOUT, out, "git", "rev-parse", "--show-toplevel");
            String text = Files.readString(out).strip();
            if (rc != 0) {
                throw new AssertionError("UpgradeIT builds the previous release from this repository's git history, "
                        + "but " + Path.of("").toAbsolutePath() + " is not in a git working tree:\n" + text);
            }
            return Path.of(text.lines().reduce((a, b) -> b).orElseThrow());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Fetches the commit if this is a shallow or partial clone; fails with what to do when it cannot. */
    private static void ensureCommit(Path repo, String sha) throws IOException {
        Path log = Files.createTempFile("berth-git-", ".log");
        try {
            if (hasCommit(repo, sha, log)) {
                return;
            }
            exec(GIT_TIMEOUT, log, "git", "-C", repo.toString(), "fetch", "--unshallow");
            if (hasCommit(repo, sha, log)) {
                return;
            }
            exec(GIT_TIMEOUT, log, "git", "-C", repo.toString(), "fetch", "origin", sha);
            if (hasCommit(repo, sha, log)) {
                return;
            }
            throw new AssertionError("UpgradeIT needs commit " + sha + " (the previous release) in " + repo
                    + ", and neither `git fetch --unshallow` nor `git fetch origin " + sha + "` brought it. "
                    + "Run the integration tests in a clone with full history (git clone without --depth).\n"
                    + Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean hasCommit(Path repo, String sha, Path log) throws IOException {
        return exec(GIT_TIMEOUT, log, "git", "-C", repo.toString(), "cat-file", "-e", sha + "^{commit}") == 0;
    }

    private static String maven() {
        Optional<Path> onPath = BerthdProcess.onPath("mvn");
        if (onPath.isPresent()) {
            return onPath.get().toString();
        }
        for (String home : new String[] {System.getProperty("maven.home"), System.getenv("MAVEN_HOME")}) {
            if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
                return Path.of(home, "bin", "mvn").toString();
            }
        }
        throw new AssertionError("UpgradeIT builds the previous release with Maven, and no mvn was found "
                + "(PATH, maven.home, MAVEN_HOME)");
    }

    private static void require(int exitCode, String what, Path log) throws IOException {
        if (exitCode != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new AssertionError(what + " failed (exit " + exitCode + "); the end of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
    }

    /** Runs a command, its output appended to {@code log}; the exit code (-1 on a timeout). */
    private static int exec(Duration timeout, Path log, String... cmd) throws IOException {
        Files.writeString(log, "$ " + String.join(" ", cmd) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // A fetch must fail, not wait for a password nobody will type.
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                Files.writeString(log, "[timed out after " + timeout + "]\n", StandardOpenOption.APPEND);
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }
}
