package dev.berth.engine;

import dev.berth.actors.container.ContainerService;
import dev.berth.api.backend.AttachHandle;
import dev.berth.api.backend.ExecStartOptions;
import dev.berth.api.backend.OutputSink;
import dev.berth.api.model.ExecCreateRequest;
import dev.berth.api.model.ExecInspect;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.spi.Caller;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ExecCapable;
import dev.berth.spi.runtime.ExecSession;
import dev.berth.spi.runtime.ExecSpec;
import dev.berth.spi.runtime.StartFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code docker exec} in the engine: exec instances in memory (as dockerd keeps them), their facts
 * journaled on the container ({@code exec_create}, {@code exec_start}, {@code exec_die}), the process
 * run by the runtime's {@link ExecCapable} and its output pumped to the client. The exit code is
 * recorded before the stream ends: the CLI reads it from the exec's inspect right after.
 */
public final class ContainerExecs {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerExecs.class);
    // finished instances are kept this long for a late inspect, then forgotten
    private static final Duration KEEP = Duration.ofMinutes(10);
    private static final int BUFFER = 32 * 1024;
    private static final int MAX_TERMINAL = 65535;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContainerService containers;
    private final ExecCapable runtime;
    private final ExecutorService streams;
    private final ConcurrentHashMap<String, ExecInstance> instances = new ConcurrentHashMap<>();

    /** @param runtime null when the runtime driver cannot exec: every exec is then refused */
    public ContainerExecs(ContainerService containers, ExecCapable runtime, ExecutorService streams) {
        this.containers = containers;
        this.runtime = runtime;
        this.streams = streams;
    }

    String create(String ref, ExecCreateRequest request) {
        ContainerState state = containers.get(ref);
        String containerId = state.info().id();
        if (runtime == null) {
            throw EngineException.unavailable("exec is not supported by this runtime", null);
        }
        running(state);
        if (!request.workingDir().isEmpty() && !request.workingDir().startsWith("/")) {
            throw EngineException.invalid("the working directory '" + request.workingDir()
                    + "' is invalid, it needs to be an absolute path");
        }
        Instant forgetBefore = Instant.now().minus(KEEP);
        instances.values().removeIf(i -> i.endedBefore(forgetBefore));
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String id = HexFormat.of().formatHex(raw);
        // Not awaited here: the instance lives in memory only, as in dockerd, so a crash loses it with its
        // event; start waits for the write (and so reports a failed one)
        var journaled = containers.recordExecLater(containerId, new ContainerEvent.ExecCreated(Instant.now(), id, request.cmd()));
        instances.put(id, new ExecInstance(id, containerId, request, journaled));
        return id;
    }

    ExecInspect inspect(String execId) {
        return find(execId).inspect();
    }

    void resize(String execId, int height, int width) {
        ExecInstance exec = find(execId);
        if (height > MAX_TERMINAL || width > MAX_TERMINAL) {
            throw EngineException.invalid("invalid terminal size " + height + "x" + width);
        }
        ExecSession session = exec.session();
        if (session != null) {
            session.resize(height, width);
        }
    }

    /** See {@link dev.berth.api.backend.ContainerBackend#execStart}. */
    AttachHandle start(String execId, ExecStartOptions options, OutputSink sink) {
        ExecInstance exec = find(execId);
        ExecCreateRequest c = exec.config();
        String containerId = exec.containerId();
        running(containers.get(containerId));
        containers.awaitRecorded(exec.journaled());
        exec.claimStart();
        // the exec's end is journaled from a stream thread: it is still this request's doing
        Caller asker = Caller.current();
        // journaled while runc starts the process (most of an exec's latency); durable before the reply
        var started = containers.recordExecLater(containerId, new ContainerEvent.ExecStarted(Instant.now(), execId, c.cmd()));
        int height = options.height() > 0 ? options.height() : c.consoleSize().size() == 2 ? c.consoleSize().get(0) : 0;
        int width = options.width() > 0 ? options.width() : c.consoleSize().size() == 2 ? c.consoleSize().get(1) : 0;
        ExecSession session;
        try {
            session = runtime.exec(new ExecSpec(containerId, c.cmd(), c.env(), c.user(), c.workingDir(), c.tty(),
                    c.attachStdin() && !options.detach(), c.privileged(), height, width));
        } catch (StartFailedException e) {
            died(exec, asker, switch (e.failure()) {
                case COMMAND_NOT_FOUND -> 127;
                case NOT_EXECUTABLE, OTHER -> 126;
            });
            throw e;
        } catch (RuntimeException e) {
            // an unknown user, a container that stopped meanwhile: dockerd's 126 too
            died(exec, asker, 126);
            throw e;
        }
        exec.running(session);
        containers.awaitRecorded(started);
        OutputSink out = options.detach() ? null : sink;
        CompletableFuture<Void> stdout = pump(session.stdout(), c.attachStdout() ? out : null, OutputSink.Stream.STDOUT);
        CompletableFuture<Void> stderr = pump(session.stderr(), c.attachStderr() ? out : null, OutputSink.Stream.STDERR);
        CompletableFuture.allOf(stdout, stderr).thenCombine(session.exitCode(), (x, code) -> code)
                .whenCompleteAsync((code, error) -> {
                    died(exec, asker, error == null ? code : 126);
                    if (out != null) {
                        out.end();
                    }
                }, streams);
        return options.detach() ? null : new Input(session, c.tty());
    }

    private void died(ExecInstance exec, Caller asker, int code) {
        exec.finished(code);
        try {
            containers.recordExec(exec.containerId(), new ContainerEvent.ExecDied(Instant.now(), exec.id(), code, asker));
        } catch (RuntimeException e) {
            LOG.debug("exec {} of {}: exit not journaled: {}", exec.id(), exec.containerId(), e.toString());
        }
    }

    /** Copies one output stream to the sink (or drops it) until the process's end closes it. */
    private CompletableFuture<Void> pump(InputStream in, OutputSink sink, OutputSink.Stream stream) {
        return CompletableFuture.runAsync(() -> {
            byte[] buf = new byte[BUFFER];
            boolean writing = sink != null;
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (writing && n > 0) {
                        writing = sink.write(stream, Arrays.copyOf(buf, n));
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, streams);
    }

    /** dockerd's 409s for an exec into a container that is not running, or is paused. */
    private static void running(ContainerState state) {
        String id = state.info().id();
        if (!(state instanceof ContainerState.Running r)) {
            throw EngineException.conflict("container " + id + " is not running");
        }
        if (r.paused()) {
            throw EngineException.conflict("Container " + id + " is paused, unpause the container before exec");
        }
    }

    private ExecInstance find(String execId) {
        ExecInstance exec = execId == null ? null : instances.get(execId);
        if (exec == null) {
            throw EngineException.notFound("No such exec instance: " + execId);
        }
        return exec;
    }

    /** The client's side of the hijacked stream: its bytes to the process's stdin. */
    private record Input(ExecSession session, boolean tty) implements AttachHandle {
        @Override
        public void input(byte[] data) {
            try {
                OutputStream stdin = session.stdin();
                stdin.write(data);
                stdin.flush();
            } catch (IOException e) {
                // the process no longer reads: what the client sends is dropped, as dockerd drops it
            }
        }

        @Override
        public void closeInput() {
            if (!tty) {
                session.close();
            }
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
