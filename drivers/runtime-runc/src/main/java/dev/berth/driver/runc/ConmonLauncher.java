package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.posix.POSIX;

/**
 * Starts conmon for one container and waits on its sync pipe until {@code runc create} is done.
 *
 * <p>Why the FIFO dance: conmon's launcher returns before runc create finishes, and the only way to
 * learn the outcome (pid or runc's error) is the pipe conmon finds in {@code _OCI_SYNCPIPE}. Java
 * cannot hand a child an extra fd, so {@code /bin/sh} opens a FIFO as fd 3 (read-write, so conmon
 * never gets SIGPIPE after we stop reading) and execs conmon. We open the read end non-blocking
 * before launching: a FIFO's buffered bytes vanish once every end is closed, and conmon may write
 * its error and exit before a late reader would have opened.
 *
 * <p>conmon runs without {@code --sync}: it forks, its launcher exits, and the monitor is adopted by
 * init, so nothing ties it to this JVM.
 */
final class ConmonLauncher {

    /** conmon's report: the container's pid, or runc's error. */
    record SyncResult(int pid, String message) {
        boolean ok() {
            return pid > 0;
        }
    }

    private static final long SYNC_TIMEOUT_MS = 60_000;

    private final Path conmon;
    private final RuncCli runc;
    private final RuncLayout layout;
    private final POSIX posix;
    private final ObjectMapper json = new ObjectMapper();

    ConmonLauncher(Path conmon, RuncCli runc, RuncLayout layout, POSIX posix) {
        this.conmon = conmon;
        this.runc = runc;
        this.layout = layout;
        this.posix = posix;
    }

    /** How the container's stdio is set up: conmon's {@code -t}, {@code -i}, {@code --leave-stdin-open}. */
    record Stdio(boolean tty, boolean openStdin, boolean stdinOnce) {
        static final Stdio NONE = new Stdio(false, false, false);
    }

    List<String> command(String id, Path bundleDir, Path logPath) {
        return command(id, bundleDir, logPath, Stdio.NONE);
    }

    List<String> command(String id, Path bundleDir, Path logPath, Stdio stdio) {
        List<String> cmd = new ArrayList<>(List.of(
                conmon.toString(),
                "--api-version", "1",
                "-c", id,
                "-u", id,
                "-n", id,
                "-r", runc.binary().toString(),
                "-b", bundleDir.toString(),
                "-p", layout.containerPidFile(id).toString(),
                "-P", layout.conmonPidFile(id).toString(),
                "-l", "k8s-file:" + logPath,
                "--exit-dir", layout.exitDir().toString(),
                "--persist-dir", layout.conmonDir(id).toString(),
                "--socket-dir-path", layout.socketDir().toString(),
                "--log-level", "error",
                // conmon fsyncs the capture by default when the container exits, before it writes the
                // exit file: a wait on the disk between every exit and its notice (dockerd's log files
                // are not synced either). A berthd kill loses nothing without it: the page cache keeps it.
                "--no-sync-log"));
        for (String arg : runc.globalArgs()) {
            cmd.add("--runtime-arg=" + arg);
        }
        if (stdio.tty()) {
            // conmon hands runc a console socket and receives the pty master; the log gets the raw stream
            cmd.add("-t");
        }
        if (stdio.openStdin()) {
            // stdin is a pipe fed through the attach socket; without StdinOnce a client leaving keeps it open
            cmd.add("-i");
            if (!stdio.stdinOnce()) {
                cmd.add("--leave-stdin-open");
            }
        }
        return cmd;
    }

    /** Launches conmon and returns once runc create has succeeded or failed. */
    SyncResult launch(String id, Path bundleDir, Path logPath) throws IOException {
        return launch(id, bundleDir, logPath, Stdio.NONE);
    }

    /** Launches conmon and returns once runc create has succeeded or failed. */
    SyncResult launch(String id, Path bundleDir, Path logPath, Stdio stdio) throws IOException {
        Path dir = layout.conmonDir(id);
        Files.createDirectories(dir);
        Path fifo = layout.syncFifo(id);
        Files.deleteIfExists(fifo);
        if (posix.mkfifo(fifo.toString(), 0600) != 0) {
            throw new IOException("mkfifo " + fifo + ": " + posix.strerror(posix.errno()));
        }
        int fd = posix.open(fifo.toString(), OpenFlags.O_RDONLY.intValue() | OpenFlags.O_NONBLOCK.intValue()
                | OpenFlags.O_CLOEXEC.intValue(), 0);
        if (fd < 0) {
            throw new IOException("open " + fifo + ": " + posix.strerror(posix.errno()));
        }
        try {
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" 3<>\"$BERTH_SYNC_FIFO\"", "sh"));
            cmd.addAll(command(id, bundleDir, logPath, stdio));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    // conmon writes some files (its "oom" marker) relative to its working directory
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(layout.conmonOutput(id).toFile());
            pb.environment().put("_OCI_SYNCPIPE", "3");
            pb.environment().put("BERTH_SYNC_FIFO", fifo.toString());
            Process launcher = pb.start();
            if (!launcher.waitFor(SYNC_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                launcher.destroyForcibly();
                throw EngineException.unavailable("conmon did not start in time", null);
            }
            if (launcher.exitValue() != 0) {
                // conmon failed before forking: nothing to wait for, its output says why
                return new SyncResult(-1, "conmon failed: " + conmonOutput(id));
            }
            return readSync(fd, id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable("interrupted while starting conmon", e);
        } finally {
            posix.close(fd);
            Files.deleteIfExists(fifo);
        }
    }

    private SyncResult readSync(int fd, String id) throws InterruptedException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        long deadline = System.currentTimeMillis() + SYNC_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            int n = posix.read(fd, chunk, chunk.length);
            if (n > 0) {
                buf.write(chunk, 0, n);
                SyncResult r = parse(buf.toString(StandardCharsets.UTF_8));
                if (r != null) {
                    return r;
                }
                continue;
            }
            if (n == 0) {
                // every writer is gone: conmon exited without a complete message
                SyncResult r = parse(buf.toString(StandardCharsets.UTF_8) + "\n");
                return r != null ? r : new SyncResult(-1, "conmon exited: " + conmonOutput(id));
            }
            if (posix.errno() != Errno.EAGAIN.intValue() && posix.errno() != Errno.EINTR.intValue()) {
                return new SyncResult(-1, "reading conmon's sync pipe: " + posix.strerror(posix.errno()));
            }
            awaitReadable(fd, deadline);
        }
        return new SyncResult(-1, "timed out waiting for runc create");
    }

    /**
     * Until {@code fd} has something to read (or its writers are gone), at most until {@code deadline}:
     * poll(2), so that conmon's message is read as soon as it is written (runc create takes ~40 ms; a
     * 1 ms sleep between reads added up to a millisecond to every start). Without poll, one such sleep.
     */
    private static void awaitReadable(int fd, long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
            return;
        }
        // struct pollfd {int fd; short events; short revents;}: events is the first short of the second int
        int[] pollfd = {fd, java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? POLLIN : POLLIN << 16};
        Poll poll = Poll.LIBC;
        if (poll == null) {
            Thread.sleep(1);
            return;
        }
        // in slices, so that an interrupt is seen within 100 ms
        poll.poll(pollfd, 1, (int) Math.min(left, 100));
    }

    private static final int POLLIN = 0x1;

    /** libc's poll(2), through jnr-ffi (as {@code ConmonAttach}'s socket calls); null where it cannot be bound. */
    public interface Poll {
        Poll LIBC = load();

        int poll(@jnr.ffi.annotations.In @jnr.ffi.annotations.Out int[] fds, long nfds, int timeoutMs);

        private static Poll load() {
            try {
                return jnr.ffi.LibraryLoader.create(Poll.class).load("c");
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }
    }

    /** One JSON message per line: {@code {"data": pid}} or {@code {"data": -1, "message": "…"}}. */
    private SyncResult parse(String text) {
        int nl = text.indexOf('\n');
        if (nl < 0) {
            return null;
        }
        String line = text.substring(0, nl).strip();
        try {
            JsonNode n = json.readTree(line);
            int pid = n.path("data").asInt(-1);
            String msg = n.path("message").asText("");
            return new SyncResult(pid, msg.isEmpty() && pid <= 0 ? "runc create failed" : msg);
        } catch (IOException e) {
            return new SyncResult(-1, line);
        }
    }

    private String conmonOutput(String id) {
        try {
            return Files.readString(layout.conmonOutput(id)).strip();
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
