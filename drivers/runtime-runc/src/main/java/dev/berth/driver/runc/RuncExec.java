package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ExecSession;
import dev.berth.spi.runtime.ExecSpec;
import dev.berth.spi.runtime.StartFailedException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import jnr.posix.POSIX;

/**
 * {@code docker exec} as a foreground {@code runc exec} child of the daemon: runc joins the container
 * from its state and stays the process's parent, so its exit status is the process's (128 + signal
 * when killed) and the daemon hears it through {@link Process#onExit()}. Without a TTY the process
 * writes straight into our pipes; with one, runc copies between a pty of ours ({@link Pty}) and the
 * container's console. {@code --pid-file} is written only once the process runs, so "exited without
 * a pid file" is a failed start, explained by runc's {@code --log}.
 *
 * <p>An exec does not outlive the daemon (as with dockerd, whose execs die with their stream); the
 * container does.
 */
final class RuncExec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIGWINCH = 28;
    private static final int DEFAULT_ROWS = 24;
    private static final int DEFAULT_COLUMNS = 80;

    private final RuncLayout layout;
    private final RuncCli runc;
    private final int capLastCap;
    private final long held;
    private final POSIX posix;

    RuncExec(RuncLayout layout, RuncCli runc, int capLastCap, long held, POSIX posix) {
        this.held = held;
        this.posix = posix;
        this.layout = layout;
        this.runc = runc;
        this.capLastCap = capLastCap;
    }

    ExecSession start(ExecSpec spec) {
        String id = spec.containerId();
        // No `runc state` first (a process start on every exec): runc exec checks the status itself and
        // its refusals become dockerd's 409s in failure()
        Path dir = layout.execDir(id, UUID.randomUUID().toString());
        Pty pty = null;
        boolean started = false;
        try {
            JsonNode config = JSON.readTree(layout.bundleDir(id).resolve("config.json").toFile());
            Files.createDirectories(dir);
            Path processFile = dir.resolve("process.json");
            JSON.writeValue(processFile.toFile(), ExecProcessSpec.build(config, spec, capLastCap, held));
            List<String> cmd = new ArrayList<>(List.of(runc.binary().toString()));
            cmd.addAll(runc.globalArgs());
            cmd.addAll(List.of("--log=" + dir.resolve("runc.log"), "--log-format=json", "exec", "--process=" + processFile,
                    "--pid-file=" + dir.resolve("pid")));
            if (spec.tty()) {
                cmd.add("--tty");
            }
            cmd.add(id);
            ProcessBuilder pb;
            if (spec.tty()) {
                pty = Pty.open(spec.height() > 0 ? spec.height() : DEFAULT_ROWS, spec.width() > 0 ? spec.width() : DEFAULT_COLUMNS);
                // a shell opens the slave: not a session leader, so it never becomes anyone's controlling terminal
                List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$0\" \"$@\" <\"$BERTH_PTY\" >\"$BERTH_PTY\""));
                wrapped.addAll(cmd);
                pb = new ProcessBuilder(wrapped);
                pb.environment().put("BERTH_PTY", pty.slavePath());
                // runc's own messages; the process's output is the terminal
                pb.redirectError(dir.resolve("runc.stderr").toFile());
            } else {
                pb = new ProcessBuilder(cmd);
                if (!spec.stdin()) {
                    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                }
            }
            Process process = pb.start();
            int pid = awaitPid(process, dir.resolve("pid"));
            if (pid < 0) {
                throw failure(id, dir.resolve("runc.log"));
            }
            Session session = new Session(process, pid, pty, dir, posix);
            started = true; // the pty and the dir are the session's now
            return session;
        } catch (IOException e) {
            throw EngineException.unavailable("cannot exec in " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable("interrupted while starting an exec in " + id, e);
        } finally {
            if (!started) {
                if (pty != null) {
                    pty.close();
                }
                deleteQuietly(dir);
            }
        }
    }

    /** The process's pid once runc wrote it, or -1 when runc exited first (the start failed). */
    private static int awaitPid(Process process, Path pidFile) throws InterruptedException {
        while (true) {
            int pid = readPid(pidFile);
            if (pid > 0) {
                return pid;
            }
            if (!process.isAlive()) {
                pid = readPid(pidFile);
                return pid > 0 ? pid : -1;
            }
            Thread.sleep(1);
        }
    }

    private static int readPid(Path file) {
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? -1 : Integer.parseInt(text);
        } catch (NoSuchFileException | NumberFormatException e) {
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** runc's error, in Docker's words where it has them; the kind says 127 or 126. */
    static EngineException failure(String id, Path log) {
        String message = "runc exec failed";
        try {
            message = RuncCli.errorMessage(Files.readString(log));
        } catch (IOException e) {
            // no log: runc failed before it could write one
        }
        // runc's wording, then crun's
        if (message.contains("cannot exec in a paused container") || message.matches("(?s).*the container `[^`]*` is paused.*")) {
            return EngineException.conflict("Container " + id + " is paused, unpause the container before exec");
        }
        if (message.contains("cannot exec in a stopped container") || message.contains("does not exist")
                || message.matches("(?s).*the container `[^`]*` is not running.*")
                || message.matches("(?s)error opening file `[^`]*/status`: No such file or directory.*")) {
            return EngineException.conflict("container " + id + " is not running");
        }
        StartFailedException e = RuncRuntimeDriver.startError(message);
        return new StartFailedException(e.kind(), e.failure(), "OCI runtime exec failed: " + message + ": unknown", null);
    }

    static void deleteQuietly(Path dir) {
        try {
            RuncRuntimeDriver.deleteTree(dir);
        } catch (IOException e) {
            // a leftover in the exec root; nothing reads it
        }
    }

    /** A running {@code runc exec}. */
    private static final class Session implements ExecSession {
        private final Process process;
        private final int pid;
        private final Pty pty;
        private final CompletableFuture<Integer> exit;
        private final POSIX posix;

        Session(Process process, int pid, Pty pty, Path dir, POSIX posix) {
            this.posix = posix;
            this.process = process;
            this.pid = pid;
            this.pty = pty;
            this.exit = process.onExit().thenApply(p -> {
                deleteQuietly(dir);
                return p.exitValue();
            });
        }

        @Override
        public int pid() {
            return pid;
        }

        @Override
        public OutputStream stdin() {
            return pty != null ? pty.input() : process.getOutputStream();
        }

        @Override
        public InputStream stdout() {
            return pty != null ? pty.output() : process.getInputStream();
        }

        @Override
        public InputStream stderr() {
            // with a TTY runc's own stderr (its messages) is all there is: not the process's
            return pty != null ? InputStream.nullInputStream() : process.getErrorStream();
        }

        @Override
        public void resize(int height, int width) {
            if (pty == null || !process.isAlive()) {
                return;
            }
            pty.resize(height, width);
            // runc copies the size of its own terminal (our slave) to the container's on SIGWINCH
            // the shell exec'd into runc: the same pid
            posix.kill((int) process.pid(), SIGWINCH);
            // crun copies between our pty and its own but does not pass the size on: set it there too
            Pty.resizeTerminalOf(pid, height, width);
        }

        @Override
        public CompletableFuture<Integer> exitCode() {
            return exit;
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

}
