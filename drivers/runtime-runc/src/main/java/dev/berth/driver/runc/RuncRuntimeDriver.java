package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.runtime.AttachSession;
import dev.berth.spi.runtime.ExecCapable;
import dev.berth.spi.runtime.ExecSession;
import dev.berth.spi.runtime.ExecSpec;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.NamespaceOptions;
import dev.berth.spi.runtime.ExitListener;
import dev.berth.spi.runtime.ExitStatus;
import dev.berth.spi.runtime.LogStream;
import dev.berth.spi.runtime.ResourceUsage;
import dev.berth.spi.runtime.RunResult;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeStatus;
import dev.berth.spi.runtime.StartFailedException;
import dev.berth.spi.runtime.StartFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jnr.posix.POSIX;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs containers with runc under conmon. See {@link RuncLayout} for the files it keeps and the
 * conventions the daemon follows. Thread-safe: calls for one id are serialized on a per-id lock,
 * calls for different ids run in parallel.
 *
 * <p>A run whose conmon vanished without writing an exit file (conmon killed, or the host's
 * {@code /run} wiped while runc state survived) is reported as exit code 255 once runc no longer
 * shows the process alive: the code is unknowable, and 255 is what Docker reports for a container
 * that died with its shim.
 */
final class RuncRuntimeDriver implements RuntimeDriver, ExecCapable {

    private static final Logger LOG = LoggerFactory.getLogger(RuncRuntimeDriver.class);
    // `--log-level debug` shows where a start and a delete spend their time, one line per phase
    private static final Logger PHASE = LoggerFactory.getLogger("berth.phase");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    static final int UNKNOWN_EXIT = 255;
    // deletes ended runs' runtime state; threads only while there is work (a cached pool's idle ones end)
    private static final ExecutorService REAPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "berth-runc-reap");
        t.setDaemon(true);
        return t;
    });

    private final RuncLayout layout;
    private final RuncCli runc;
    private final ConmonLauncher conmon;
    private final OciSpecBuilder specs;
    private final EtcFiles etcFiles;
    private final CgroupOom oom;
    private final POSIX posix;
    private final ExecFifo execFifo;
    private final ExitWatcher exits;
    private final ExecPlatform execPlatform;
    private final RuncExec execs;
    private final RuncControl control;
    private final ObjectMapper json = new ObjectMapper();
    private CpuRealtimeBudget realtime = CpuRealtimeBudget.none();
    // One container's start, kill, delete … at a time, by a monitor picked by id from a fixed set: a map of
    // a lock per id, never emptied, kept an object, map node and id for every container ever run (issue #12).
    // Two containers sharing a monitor only wait for each other.
    private final Object[] locks = Stream.generate(Object::new).limit(256).toArray();

    /** The daemon's CPU real-time budget, put above each container before it starts. */
    RuncRuntimeDriver withRealtimeBudget(CpuRealtimeBudget budget) {
        this.realtime = budget;
        return this;
    }

    RuncRuntimeDriver(RuncLayout layout, RuncCli runc, ConmonLauncher conmon, OciSpecBuilder specs,
            EtcFiles etcFiles, CgroupOom oom, POSIX posix) throws IOException {
        this(layout, runc, conmon, specs, etcFiles, oom, posix, ExecPlatform.forHost(ExecPlatform.BINFMT_MISC));
    }

    RuncRuntimeDriver(RuncLayout layout, RuncCli runc, ConmonLauncher conmon, OciSpecBuilder specs,
            EtcFiles etcFiles, CgroupOom oom, POSIX posix, ExecPlatform execPlatform) throws IOException {
        this.execPlatform = execPlatform;
        this.layout = layout;
        this.runc = runc;
        this.conmon = conmon;
        this.specs = specs;
        this.etcFiles = etcFiles;
        this.oom = oom;
        this.posix = posix;
        this.execFifo = new ExecFifo(posix);
        Files.createDirectories(layout.runcRoot());
        Files.createDirectories(layout.exitDir());
        Files.createDirectories(layout.socketDir());
        this.exits = new ExitWatcher(layout.exitDir(), this::probeExit);
        this.control = new RuncControl(runc, new CgroupUsage(Path.of("/sys/fs/cgroup"),
                new CgroupPaths(specs.cgroupParent(), layout::bundleDir),
                specs.host().cgroupV2(), Path.of("/proc"), Clock.systemUTC()), specs.host().swapLimit());
        this.execs = new RuncExec(layout, runc, specs.capLastCap(), specs.boundingSet(), posix);
    }

    @Override
    public ExecSession exec(ExecSpec spec) {
        checkId(spec.containerId());
        return execs.start(spec);
    }

    @Override
    public String name() {
        return runc.name();
    }

    @Override
    public void setExitListener(ExitListener listener) {
        exits.setListener((id, status) -> {
            REAPERS.execute(() -> reap(id));
            listener.exited(id, status);
        });
    }

    /**
     * A run just ended: its runtime state (runc's state dir, its cgroups) goes now, while the engine
     * journals the exit, rather than after it in {@link #delete}, which then finds nothing to delete.
     * The exit file and conmon's files stay until that delete, so a daemon killed in between still
     * reads the exit code at its restore. Skipped when a new run of the id has started meanwhile.
     */
    private void reap(String id) {
        synchronized (lock(id)) {
            if (exits.isTracked(id) || !runc.known(id)) {
                return;
            }
            long t0 = System.nanoTime();
            RuncCli.Result r = runc.deleteForce(id);
            if (!r.ok()) {
                // delete, which the engine's clean-up calls next, tries again and reports it
                LOG.debug("{} delete at exit: {}", runc.name(), r.message());
            }
            phase(id, runc.name() + " delete (at exit)", t0);
        }
    }

    @Override
    public RunResult start(ContainerSpec spec) {
        String id = checkId(spec.id());
        if (!spec.bundleDir().toAbsolutePath().equals(layout.bundleDir(id))
                || !spec.logPath().toAbsolutePath().equals(layout.logPath(id))) {
            throw EngineException.invalid("bundle dir must be " + layout.bundleDir(id) + " and log path "
                    + layout.logPath(id) + " (see RuncLayout)");
        }
        synchronized (lock(id)) {
            long t0 = System.nanoTime();
            Optional<RuncCli.State> existing = runc.state(id);
            if (existing.isPresent() && existing.get().alive()) {
                throw EngineException.conflict("Container " + id + " is already running");
            }
            // a previous run's leftovers (exited but not deleted) would be mistaken for this one's
            cleanup(id);
            try {
                // A program for another architecture with no emulator: say so, not runc's "exec format error".
                execPlatform.check(spec.rootfs(), spec.args(), spec.env(), spec.workingDir());
                Files.createDirectories(spec.bundleDir());
                if (spec.namespaces().sharedShm()) {
                    SharedShm.mount(NamespaceOptions.sharedShmDir(spec.bundleDir()), spec.shmSize());
                }
                // a container on another's network namespace shares its hosts, resolv.conf and hostname files
                Path etcDir = spec.namespaces().etcFrom() != null ? spec.namespaces().etcFrom() : spec.bundleDir();
                if (spec.namespaces().etcFrom() == null) {
                    etcFiles.write(spec, spec.bundleDir());
                }
                UserResolver.User user = UserResolver.forRootfs(spec.rootfs()).resolve(spec.user(), spec.namespaces().groupAdd());
                ObjectNode config = specs.build(spec, user, etcDir);
                try {
                    realtime.prepare(config.path("linux").path("cgroupsPath").asText());
                } catch (IOException e) {
                    throw startError("unable to init CPU RT controller: " + e.getMessage());
                }
                Files.write(spec.bundleDir().resolve("config.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
                t0 = phase(id, "oci spec (state check, etc files, user, config.json)", t0);
                ConmonLauncher.SyncResult created = conmon.launch(id, spec.bundleDir(), spec.logPath(),
                        new ConmonLauncher.Stdio(spec.tty(), spec.openStdin(), spec.stdinOnce()));
                if (!created.ok()) {
                    cleanup(id);
                    throw startError(explain(created.message()));
                }
                t0 = phase(id, "conmon spawn + " + runc.name() + " create", t0);
                exits.track(id);
                // runc's exec fifo opened here when runc made the container; else the runtime's own start
                RuncCli.Result started = execFifo.start(runc.root().resolve(id), created.pid())
                        ? new RuncCli.Result(0, "", "") : runc.start(id);
                phase(id, runc.name() + " start", t0);
                if (!started.ok()) {
                    exits.untrack(id);
                    cleanup(id);
                    throw startError(explain(started.message()));
                }
                return new RunResult(created.pid(), Instant.now());
            } catch (StartFailedException e) {
                throw e;
            } catch (EngineException e) {
                // the platform check, the user lookup, the spec: refused before runc ran
                throw new StartFailedException(e.kind(), StartFailure.OTHER, e.getMessage(), e);
            } catch (IOException e) {
                cleanup(id);
                throw new StartFailedException(ErrorKind.UNAVAILABLE, StartFailure.OTHER,
                        "cannot start " + id + ": " + e.getMessage(), e);
            }
        }
    }

    /** Logs one phase's duration (debug) and returns the time the next one starts. */
    private static long phase(String id, String what, long since) {
        long now = System.nanoTime();
        if (PHASE.isDebugEnabled()) {
            PHASE.debug("{} {} {} ms", id.substring(0, Math.min(12, id.length())), what, (now - since) / 1_000_000.0);
        }
        return now;
    }

    /** runc's "exec format error" (a program the check above could not see through) with the platforms named. */
    private String explain(String message) {
        if (message != null && message.toLowerCase(Locale.ROOT).contains("exec format error")) {
            return message + " (the program is not for this host's platform " + execPlatform.hostPlatform()
                    + " and no emulator is registered for it: install qemu-user-static)";
        }
        return message;
    }

    /**
     * The one place runc's start error is read: its errno text says whether the program is missing
     * (ENOENT, and ENOTDIR for a path through a file) or cannot be executed (EACCES; EISDIR where Go
     * reports a directory so), Docker's 127 and 126. Permission wins when both appear, as in dockerd.
     * Anything else is the runtime's or the host's trouble.
     */
    static StartFailedException startError(String message) {
        String m = String.valueOf(message).toLowerCase(Locale.ROOT);
        // crun: "open executable: Operation not permitted" for a directory
        if (m.contains("permission denied") || m.contains("is a directory")
                || m.contains("open executable: operation not permitted")) {
            return StartFailedException.notExecutable(message);
        }
        if (m.contains("executable file not found") || m.contains("no such file or directory")
                || m.contains("not a directory")) {
            return StartFailedException.commandNotFound(message);
        }
        return new StartFailedException(ErrorKind.UNAVAILABLE, StartFailure.OTHER, message, null);
    }

    @Override
    public void kill(String id, int signal) {
        checkId(id);
        synchronized (lock(id)) {
            Optional<RuncCli.State> state = runc.state(id);
            if (state.isEmpty() || !state.get().alive()) {
                throw EngineException.conflict("Container " + id + " is not running");
            }
            RuncCli.Result r = runc.kill(id, signal);
            if (!r.ok()) {
                String msg = r.message();
                if (msg.contains("not running") || msg.contains("does not exist") || msg.contains("process already finished")) {
                    throw EngineException.conflict("Container " + id + " is not running");
                }
                throw EngineException.unavailable("runc kill: " + msg, null);
            }
        }
    }

    @Override
    public void delete(String id) {
        checkId(id);
        synchronized (lock(id)) {
            long t0 = System.nanoTime();
            // No `state` first: `delete --force` of a known id is right whatever its state, and the
            // runtime keeps a directory per id, so a missing one costs no process at all.
            if (runc.known(id)) {
                RuncCli.Result r = runc.deleteForce(id);
                if (!r.ok() && runc.state(id).isPresent()) {
                    throw EngineException.unavailable("runc delete: " + r.message(), null);
                }
                t0 = phase(id, runc.name() + " delete", t0);
            }
            if (exits.isTracked(id)) {
                // the run we just killed ends now: let the listener hear it before its file goes
                awaitExitReported(id, 5_000);
            }
            cleanup(id);
            phase(id, "runtime files cleanup", t0);
        }
    }

    private void awaitExitReported(String id, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (exits.isTracked(id) && System.currentTimeMillis() < deadline) {
            exits.check(id);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        exits.untrack(id);
    }

    @Override
    public RuntimeStatus status(String id) {
        if (!ID.matcher(id).matches()) {
            return new RuntimeStatus.Missing();
        }
        Optional<RuncCli.State> state = runc.state(id);
        if (state.isPresent() && state.get().alive()) {
            return new RuntimeStatus.Running(state.get().pid());
        }
        Optional<ExitStatus> exit = readExitFile(id);
        if (exit.isPresent()) {
            return new RuntimeStatus.Exited(exit.get());
        }
        if (state.isPresent()) {
            // runc remembers a stopped container but conmon left no code
            return new RuntimeStatus.Exited(new ExitStatus(UNKNOWN_EXIT, false, Instant.now()));
        }
        return new RuntimeStatus.Missing();
    }

    @Override
    public RuntimeStatus restore(String id) {
        checkId(id);
        synchronized (lock(id)) {
            RuntimeStatus s = status(id);
            if (s instanceof RuntimeStatus.Running) {
                exits.track(id);
                // it may have ended between the state query and tracking
                exits.check(id);
            }
            return s;
        }
    }

    @Override
    public LogStream openLog(String id, boolean fromEnd) throws IOException {
        checkId(id);
        return new K8sFileLogStream(layout.logPath(id), fromEnd);
    }

    @Override
    public AttachSession attach(String id) {
        checkId(id);
        return ConmonAttach.connect(id, layout.bundleDir(id), this::resize);
    }

    /** Sets a pty's size through conmon's {@code ctl} FIFO: {@code "1 <height> <width>\n"} (1 = resize event). */
    @Override
    public void resize(String id, int height, int width) {
        checkId(id);
        if (height < 0 || width < 0 || height > 1000 || width > 1000) {
            // conmon's own bounds: it would drop the message with a warning
            throw EngineException.invalid("invalid terminal size " + height + "x" + width);
        }
        Path ctl = layout.bundleDir(id).resolve("ctl");
        // non-blocking: with no reader (conmon gone) open fails with ENXIO instead of hanging
        int fd = posix.open(ctl.toString(), jnr.constants.platform.OpenFlags.O_WRONLY.intValue()
                | jnr.constants.platform.OpenFlags.O_NONBLOCK.intValue()
                | jnr.constants.platform.OpenFlags.O_CLOEXEC.intValue(), 0);
        if (fd < 0) {
            throw EngineException.conflict("Container " + id + " is not running");
        }
        try {
            byte[] msg = ("1 " + height + " " + width + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (posix.write(fd, msg, msg.length) != msg.length) {
                throw EngineException.unavailable("cannot resize the terminal of " + id + ": "
                        + posix.strerror(posix.errno()), null);
            }
        } finally {
            posix.close(fd);
        }
    }

    @Override
    public void pause(String id) {
        checkId(id);
        synchronized (lock(id)) {
            control.pause(id);
        }
    }

    @Override
    public void resume(String id) {
        checkId(id);
        synchronized (lock(id)) {
            control.resume(id);
        }
    }

    @Override
    public boolean paused(String id) {
        return ID.matcher(id).matches() && control.paused(id);
    }

    @Override
    public List<Integer> processes(String id) {
        checkId(id);
        return control.processes(id);
    }

    @Override
    public ResourceUsage usage(String id) {
        checkId(id);
        return control.usage(id);
    }

    @Override
    public void update(String id, ContainerSpec.Resources resources) {
        checkId(id);
        synchronized (lock(id)) {
            control.update(id, resources);
        }
    }

    /** What an attach session calls to resize (the driver's {@link #resize}). */
    @FunctionalInterface
    interface Resizer {
        void resize(String id, int height, int width);
    }

    @Override
    public Set<String> mountOptions(String id) {
        return runc.mountOptions();
    }

    @Override
    public Set<String> heldIds() {
        return layout.heldIds();
    }

    @Override
    public void close() {
        exits.close();
    }

    /** The watcher's probe: the finished run's status, or empty while it still runs. */
    private Optional<ExitStatus> probeExit(String id) {
        Optional<ExitStatus> exit = readExitFile(id);
        if (exit.isPresent() || conmonAlive(id)) {
            return exit;
        }
        // conmon is gone: either it wrote the file a moment ago, or it died without writing one
        exit = readExitFile(id);
        if (exit.isPresent()) {
            return exit;
        }
        Optional<RuncCli.State> state = runc.state(id);
        if (state.isPresent() && state.get().alive()) {
            return Optional.empty(); // still running, orphaned: keep polling runc
        }
        return Optional.of(new ExitStatus(UNKNOWN_EXIT, oom.killed(id, layout.conmonDir(id)), Instant.now()));
    }

    private Optional<ExitStatus> readExitFile(String id) {
        Path file = layout.exitFile(id);
        try {
            String text = Files.readString(file).strip();
            if (text.isEmpty()) {
                return Optional.empty(); // being written
            }
            int code = Integer.parseInt(text);
            Instant finished = Files.getLastModifiedTime(file).toInstant();
            return Optional.of(new ExitStatus(code, oom.killed(id, layout.conmonDir(id)), finished));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean conmonAlive(String id) {
        int pid = readPid(layout.conmonPidFile(id));
        if (pid <= 0 || posix.kill(pid, 0) != 0) {
            return false;
        }
        try {
            // guard against a recycled pid, and against a zombie nobody has reaped yet (our init may be slow)
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            String comm = stat.substring(stat.indexOf('(') + 1, close);
            char state = stat.charAt(close + 2);
            return comm.equals("conmon") && state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static int readPid(Path file) {
        try {
            return Integer.parseInt(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Forgets everything about a run except the bundle dir and log: runc state, conmon, exit file. */
    private void cleanup(String id) {
        if (runc.known(id)) {
            runc.deleteForce(id);
        }
        int pid = readPid(layout.conmonPidFile(id));
        if (pid > 0 && conmonAlive(id)) {
            posix.kill(pid, 9);
        }
        try {
            Files.deleteIfExists(layout.exitFile(id));
            deleteTree(layout.conmonDir(id));
            deleteTree(layout.execDir(id, "x").getParent());
            Files.deleteIfExists(layout.socketDir().resolve(id));
            Path bundle = layout.bundleDir(id);
            SharedShm.unmount(NamespaceOptions.sharedShmDir(bundle));
            for (String leftover : new String[] {"attach", "ctl", "winsz"}) {
                Files.deleteIfExists(bundle.resolve(leftover));
            }
        } catch (IOException e) {
            LOG.warn("cleanup of {} incomplete: {}", id, e.toString());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The monitor for {@code id}: one of a fixed set (see {@code locks}). */
    private Object lock(String id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }

    private static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw EngineException.invalid("invalid container id: " + id);
        }
        return id;
    }
}
