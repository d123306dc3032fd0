package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Attempt;
import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #12 item 2: a journal berthd cannot open — its data root used by another berthd, its H2 file
 * held by another process, the file cut short or garbled — stops berthd at start with one line saying
 * what is wrong and what to do, and leaves nothing half-started: no socket, no pidfile, no bridge,
 * nothing under its exec root. The journal itself is left as it was: put back, it opens with its
 * containers.
 */
@Timeout(value = 300)
class JournalFaultsIT {
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

    @Test
    void journalThatCannotBeOpened_stopsBerthdAtStart_withWhatToDo_andNothingHalfStarted() throws Exception {
        BerthdProcess.requireEnvironment();
        try (BerthdProcess d = BerthdProcess.start()) {
            ok(d.dockerStdin(BerthdProcess.busyboxTar(), "import", "-", "jfbase"));
            ok(d.docker("create", "--name", "keeper", "--network", "none", "jfbase", "true"));
            Path journal = d.dataRoot().resolve("journal").resolve("berth.mv.db");

            // 1. a second berthd on the same data root, while the first serves
            Attempt second = d.runAnotherOnThisDataRoot(EXIT_WITHIN);
            assertRefused(second, "berthd: failed to start daemon: another berthd is using " + d.dataRoot()
                    + " (pid " + d.pid() + "): stop it first, or give this one its own --data-root");
            assertThat(d.ping()).as("the first berthd still serves").isTrue();
            d.stop();

            // 2. another process (H2's shell, as someone inspecting the journal would run it) holds the file
            Process shell = h2Shell(d.dataRoot());
            try {
                awaitLocked(journal, shell);
                assertRefused(d.runAnotherOnThisDataRoot(EXIT_WITHIN), "berthd: failed to start daemon: journal "
                        + journal + " is locked by another process (pid " + shell.pid()
                        + "): only one berthd may open it; stop that process and start berthd again");
            } finally {
                shell.destroyForcibly();
                shell.waitFor(10, TimeUnit.SECONDS);
            }

            // 3. corrupt: cut short, then garbled; the good file is kept aside and put back after
            Path good = d.dataRoot().resolve("berth.mv.db.good");
            Files.copy(journal, good);
            try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                ch.truncate(Files.size(journal) / 8);
            }
            String corrupt = "berthd: failed to start daemon: journal " + journal + " is corrupt (";
            String whatToDo = "): restore it from a backup, or move it aside to start with an empty journal "
                    + "(containers, images, networks and volumes it recorded are then forgotten)";
            assertRefused(d.runAnotherOnThisDataRoot(EXIT_WITHIN), corrupt, whatToDo);

            byte[] garbage = new byte[(int) Files.size(good)];
            new Random(12).nextBytes(garbage);
            Files.write(journal, garbage);
            assertRefused(d.runAnotherOnThisDataRoot(EXIT_WITHIN), corrupt, whatToDo);

            // the advice holds: the file put back opens, with what it recorded
            Files.move(good, journal, StandardCopyOption.REPLACE_EXISTING);
            d.restart();
            assertThat(ok(d.docker("ps", "-a", "--format", "{{.Names}}")).out()).contains("keeper");
            ok(d.docker("rm", "keeper"));
            ok(d.docker("rmi", "jfbase"));
        }
    }

    /**
     * The start failed within the time, with non-zero status and its reason as the only line on the
     * console, and made nothing a running daemon would have: socket, pidfile, bridge, exec-root state.
     */
    private static void assertRefused(Attempt attempt, String... messageParts) throws IOException {
        try {
            Result r = attempt.result();
            assertThat(r.exitCode()).as("exit status of a refused start\n%s", r).isNotIn(0, -1);
            List<String> lines = r.all().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as("the whole output\n%s", r).hasSize(1);
            assertThat(lines.get(0)).startsWith(messageParts[0]);
            if (messageParts.length > 1) {
                assertThat(lines.get(0)).endsWith(messageParts[1]);
            }
            assertThat(attempt.socket()).as("socket").doesNotExist();
            assertThat(attempt.pidfile()).as("pidfile").doesNotExist();
            assertThat(Path.of("/sys/class/net", attempt.bridge())).as("bridge").doesNotExist();
            try (Stream<Path> made = Files.list(attempt.execRoot())) {
                assertThat(made.toList()).as("exec root").isEmpty();
            }
        } finally {
            deleteTree(attempt.execRoot());
        }
    }

    private static Process h2Shell(Path dataRoot) throws IOException {
        String url = "jdbc:h2:file:" + dataRoot.toAbsolutePath().resolve("journal").resolve("berth");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", BerthdProcess.daemonClasspath(), "org.h2.tools.Shell", "-url", url, "-user", "sa",
                "-password", "").redirectErrorStream(true).start();
    }

    /** Until the shell holds the file's lock, as {@code /proc/locks} shows. */
    private static void awaitLocked(Path file, Process holder) throws Exception {
        String inode = ":" + Files.getAttribute(file, "unix:ino") + " ";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            assertThat(holder.isAlive()).as("H2 shell running").isTrue();
            if (Files.readAllLines(Path.of("/proc/locks")).stream()
                    .anyMatch(l -> l.contains(" " + holder.pid() + " ") && l.contains(inode))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the H2 shell did not lock " + file);
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
