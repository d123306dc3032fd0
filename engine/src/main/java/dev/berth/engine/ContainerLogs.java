package dev.berth.engine;

import dev.berth.actors.container.ContainerView;
import dev.berth.actors.logs.LogShippers;
import dev.berth.api.backend.AttachHandle;
import dev.berth.api.backend.AttachOptions;
import dev.berth.api.backend.LogOptions;
import dev.berth.api.backend.OutputSink;
import dev.berth.api.backend.StreamHandle;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.LogConfig;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.LogEntry;
import dev.berth.spi.runtime.LogStream;
import dev.berth.spi.runtime.RuntimeDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code logs} and {@code attach}. Output is read from the runtime's log file: conmon writes every
 * line there whether or not anyone is attached, so attaching is following the log from its current
 * end until the run ends. Input goes to the runtime's attach session ({@link AttachInput}); the TTY's
 * size to the runtime too.
 */
public final class ContainerLogs {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLogs.class);
    // How often a follower looks for the end of the run: `docker run` waits for the attach stream to
    // close, so this is latency the user sees after the container exits.
    private static final Duration POLL = Duration.ofMillis(10);
    // The log driver's files are shipped a little after conmon's capture: a short final drain waits
    // for the last lines. The capture itself needs none: conmon drains the container's stdio into it
    // before it writes the exit status the end of the run is known from. (`docker run` waits for the
    // attach stream to close: a drain of 20 ms there was 20 ms after every attached run.)
    private static final Duration DRAIN = Duration.ofMillis(20);

    private final RuntimeDriver runtime;
    private final ContainerView view;
    private final ExecutorService streams;
    private final LogShippers shippers;
    private final LogConfig daemonLog;

    /**
     * @param shippers  the log drivers' files, which {@code logs} reads
     * @param daemonLog the daemon's {@code log-driver} and {@code log-opts}, for creates that name no driver
     */
    public ContainerLogs(RuntimeDriver runtime, ContainerView view, ExecutorService streams, LogShippers shippers,
                         LogConfig daemonLog) {
        this.runtime = runtime;
        this.view = view;
        this.streams = streams;
        this.shippers = shippers;
        this.daemonLog = daemonLog;
    }

    /** The daemon's default log config. */
    public LogConfig daemonLog() {
        return daemonLog;
    }

    /**
     * {@code docker logs}: the driver's files (every rotated one, oldest first), then with {@code follow} what
     * the container writes until it stops. A {@code none} container has nothing to read: NOT_IMPLEMENTED, as dockerd.
     */
    public StreamHandle logs(String id, LogOptions o, OutputSink sink) {
        LogConfig config = view.get(id).map(s -> s.info().hostConfig().logConfig()).orElse(LogConfig.DEFAULT);
        LogStream log = o.details() ? shippers.read(id, config, o.follow(), true).detailed()
                : shippers.read(id, config, o.follow());
        AtomicBoolean closed = new AtomicBoolean();
        streams.execute(() -> {
            try (log) {
                Deque<LogEntry> tail = new ArrayDeque<>();
                LogBatch batch = new LogBatch(sink, o.timestamps());
                LogEntry e;
                // What is already there, with --tail applied (counting whole lines only), in batched writes.
                while (!closed.get() && (e = log.poll(Duration.ZERO)) != null) {
                    if (!selected(e, o)) {
                        continue;
                    }
                    if (o.tail() < 0) {
                        if (!batch.add(e)) {
                            return;
                        }
                    } else {
                        tail.addLast(e);
                        trim(tail, o.tail());
                    }
                }
                for (LogEntry t : tail) {
                    if (!batch.add(t)) {
                        return;
                    }
                }
                if (!batch.flush()) {
                    return;
                }
                if (o.follow()) {
                    follow(id, log, sink, closed, o.stdout(), o.stderr(), o.timestamps(), null, o, DRAIN);
                }
            } catch (IOException | RuntimeException ex) {
                LOG.debug("log stream of {} ended: {}", id, ex.toString());
            } finally {
                sink.end();
            }
        });
        return () -> closed.set(true);
    }

    /**
     * Output from the log as {@link #attachOutput}; input to the container's stdin when the client
     * attached stdin and the container has {@code OpenStdin} (else it is dropped, as Docker does).
     */
    public AttachHandle attach(String id, AttachOptions o, OutputSink sink) {
        StreamHandle output = attachOutput(id, o, sink);
        var state = view.get(id);
        if (!o.stdin() || state.isEmpty() || !state.get().info().config().openStdin()) {
            return AttachHandle.outputOnly(output);
        }
        AttachInput input = new AttachInput(id, runtime, view, streams);
        return new AttachHandle() {
            @Override
            public void input(byte[] data) {
                input.input(data);
            }

            @Override
            public void closeInput() {
                input.closeInput();
            }

            @Override
            public void close() {
                output.close();
                input.close();
            }
        };
    }

    /** The TTY's size; CONFLICT when the container is not running. */
    public void resize(String id, int height, int width) {
        var state = view.get(id);
        if (state.isEmpty() || !(state.get() instanceof ContainerState.Running)) {
            throw EngineException.conflict("Container " + id + " is not running");
        }
        if (state.get().info().config().tty()) {
            runtime.resize(id, height, width);
        }
    }

    /** The output side of attach: the log from its end (or start, with {@code logs}) until the run ends. */
    public StreamHandle attachOutput(String id, AttachOptions o, OutputSink sink) {
        Run attachedTo = Run.of(view.get(id).orElse(null));
        LogConfig config = view.get(id).map(s -> s.info().hostConfig().logConfig()).orElse(LogConfig.DEFAULT);
        // with logs=true the past comes from the driver's files (the capture's shipped part may be reclaimed)
        boolean shipped = o.logs() && config.readable();
        LogStream log = shipped ? shippers.read(id, config, true) : open(id, !o.logs());
        Duration drain = shipped ? DRAIN : Duration.ZERO;
        AtomicBoolean closed = new AtomicBoolean();
        streams.execute(() -> {
            try (log) {
                if (!o.stream()) {
                    // Docker's stream=false: what the log holds (with logs=true), then the end
                    LogEntry e;
                    while (!closed.get() && (e = log.poll(Duration.ZERO)) != null) {
                        if (wanted(e, o.stdout(), o.stderr()) && !write(sink, e, false)) {
                            return;
                        }
                    }
                    return;
                }
                follow(id, log, sink, closed, o.stdout(), o.stderr(), false, attachedTo, null, drain);
            } catch (IOException | RuntimeException ex) {
                LOG.debug("attach stream of {} ended: {}", id, ex.toString());
            } finally {
                sink.end();
            }
        });
        return () -> closed.set(true);
    }

    /**
     * Streams new entries until the container is not running any more (for attach: until the run
     * that was current or next when it attached has ended) and the log is drained.
     */
    private void follow(String id, LogStream log, OutputSink sink, AtomicBoolean closed, boolean stdout,
                        boolean stderr, boolean timestamps, Run attachedTo, LogOptions until,
                        Duration drain) throws IOException {
        while (!closed.get()) {
            LogEntry e = log.poll(POLL);
            if (e != null) {
                if (until != null && until.until() != null && e.time().isAfter(until.until())) {
                    return;
                }
                if (wanted(e, stdout, stderr) && !write(sink, e, timestamps)) {
                    return;
                }
                continue;
            }
            if (finished(id, attachedTo)) {
                while ((e = log.poll(drain)) != null) {
                    if (wanted(e, stdout, stderr) && !write(sink, e, timestamps)) {
                        return;
                    }
                }
                return;
            }
        }
    }

    /**
     * The run an attach waits out: the current one when it attached to a running container, else
     * the next one (a container attached while created or exited, as `docker start -a` does before
     * its start). Runs are told apart by their start time.
     */
    record Run(boolean running, Instant startedAt) {
        static Run of(ContainerState s) {
            if (s == null) {
                return new Run(false, null);
            }
            return new Run(s instanceof ContainerState.Running || s instanceof ContainerState.Starting,
                    s.info() == null ? null : s.info().startedAt());
        }

        /** Whether that run has ended, the container being in {@code now}. */
        boolean endedIn(ContainerState now) {
            if (now instanceof ContainerState.Running || now instanceof ContainerState.Starting) {
                return false;
            }
            if (now instanceof ContainerState.Removed || now.info() == null) {
                return true;
            }
            // attached while not running: only a run started since then, and ended, ends the attach
            return running || !java.util.Objects.equals(now.info().startedAt(), startedAt);
        }
    }

    private boolean finished(String id, Run attachedTo) {
        var state = view.get(id);
        if (state.isEmpty()) {
            return true;
        }
        ContainerState s = state.get();
        if (attachedTo == null) {
            return !(s instanceof ContainerState.Running || s instanceof ContainerState.Starting);
        }
        return attachedTo.endedIn(s);
    }

    private LogStream open(String id, boolean fromEnd) {
        try {
            return runtime.openLog(id, fromEnd);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot open the log of " + id + ": " + e.getMessage(), e);
        }
    }

    private static boolean selected(LogEntry e, LogOptions o) {
        if (!wanted(e, o.stdout(), o.stderr())) {
            return false;
        }
        if (o.since() != null && e.time().isBefore(o.since())) {
            return false;
        }
        return o.until() == null || !e.time().isAfter(o.until());
    }

    private static boolean wanted(LogEntry e, boolean stdout, boolean stderr) {
        return e.stream() == LogEntry.StdStream.STDOUT ? stdout : stderr;
    }

    private static void trim(Deque<LogEntry> tail, int lines) {
        int complete = 0;
        for (LogEntry t : tail) {
            if (!t.partial()) {
                complete++;
            }
        }
        while (complete > lines && !tail.isEmpty()) {
            if (!tail.removeFirst().partial()) {
                complete--;
            }
        }
        if (lines == 0) {
            tail.clear();
        }
    }

    private static boolean write(OutputSink sink, LogEntry e, boolean timestamps) {
        return sink.write(stream(e), data(e, timestamps));
    }

    static OutputSink.Stream stream(LogEntry e) {
        return e.stream() == LogEntry.StdStream.STDOUT ? OutputSink.Stream.STDOUT : OutputSink.Stream.STDERR;
    }

    /** The entry's text, prefixed with its time when the client asked for timestamps. */
    static byte[] data(LogEntry e, boolean timestamps) {
        byte[] data = e.data();
        if (!timestamps) {
            return data;
        }
        byte[] prefix = (HumanTime.fixedNanos(e.time()) + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] joined = new byte[prefix.length + data.length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        System.arraycopy(data, 0, joined, prefix.length, data.length);
        return joined;
    }
}
