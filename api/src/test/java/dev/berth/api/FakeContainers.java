package dev.berth.api;

import dev.berth.api.backend.AttachHandle;
import dev.berth.api.backend.AttachOptions;
import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.backend.ExecStartOptions;
import dev.berth.api.backend.Filters;
import dev.berth.api.backend.LogOptions;
import dev.berth.api.backend.OutputSink;
import dev.berth.api.backend.StreamHandle;
import dev.berth.api.backend.Versioned;
import dev.berth.api.model.ContainerConfig;
import dev.berth.api.model.ContainerCreateRequest;
import dev.berth.api.model.ContainerCreateResponse;
import dev.berth.api.model.ContainerInspect;
import dev.berth.api.model.ContainerState;
import dev.berth.api.model.ContainerSummary;
import dev.berth.api.model.ExecCreateRequest;
import dev.berth.api.model.ExecInspect;
import dev.berth.api.model.Port;
import dev.berth.api.model.PruneReport;
import dev.berth.api.model.WaitResponse;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two containers: {@code web} (no TTY) and {@code term} (TTY). A ref named after an ErrorKind
 * (e.g. {@code CONFLICT}) makes start/inspect fail with that kind.
 */
final class FakeContainers implements ContainerBackend {
    static final String WEB_ID = "4f1c2b7a9e0d3c5b6a8f7e6d5c4b3a291807f6e5d4c3b2a1908f7e6d5c4b3a29";
    static final Instant LOG_TIME = Instant.parse("2024-05-06T07:08:09.123456789Z");

    volatile ContainerCreateRequest lastCreate;
    volatile dev.berth.api.model.ContainerUpdateRequest lastUpdate;
    volatile String lastCreateName;
    volatile Filters lastFilters;
    volatile Filters lastPruneFilters;
    volatile Boolean lastRemoveVolumes;
    volatile LogOptions lastLogOptions;
    volatile CompletableFuture<WaitResponse> waitResult = new CompletableFuture<>();
    final AtomicBoolean logsClosed = new AtomicBoolean();
    final AtomicBoolean inputClosed = new AtomicBoolean();
    final AtomicBoolean attachClosed = new AtomicBoolean();
    final java.util.concurrent.atomic.AtomicInteger inputChunks = new java.util.concurrent.atomic.AtomicInteger();
    volatile String lastResize;
    /** The thread the last list or inspect ran on; {@link #count()} says how many containers there are. */
    volatile String lastReadThread;
    volatile int count = Integer.MAX_VALUE;
    /** When set, {@link #inspection} carries it as the version; {@link #renders} counts inspects rendered for it. */
    volatile Object inspectVersion;
    volatile int restartCount;
    final java.util.concurrent.atomic.AtomicInteger renders = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public ContainerCreateResponse create(String name, ContainerCreateRequest request) {
        lastCreateName = name;
        lastCreate = request;
        return new ContainerCreateResponse(WEB_ID, List.of());
    }

    @Override
    public dev.berth.api.model.ContainerUpdateResponse update(String ref, dev.berth.api.model.ContainerUpdateRequest request) {
        lastUpdate = request;
        return new dev.berth.api.model.ContainerUpdateResponse(List.of());
    }

    @Override
    public void start(String ref) {
        failIfKind(ref);
        find(ref);
    }

    @Override
    public void stop(String ref, String signal, Integer timeoutSeconds) {
        find(ref);
    }

    @Override
    public void restart(String ref, String signal, Integer timeoutSeconds) {
        find(ref);
    }

    @Override
    public void kill(String ref, String signal) {
        find(ref);
    }

    @Override
    public CompletionStage<WaitResponse> await(String ref, String condition) {
        find(ref);
        if ("soon".equals(condition)) {
            throw EngineException.invalid("invalid condition: \"soon\"");
        }
        return waitResult;
    }

    @Override
    public void remove(String ref, boolean force, boolean removeVolumes) {
        find(ref);
        lastRemoveVolumes = removeVolumes;
    }

    @Override
    public void rename(String ref, String newName) {
        find(ref);
    }

    @Override
    public List<ContainerSummary> list(boolean all, int limit, boolean size, Filters filters) {
        lastFilters = filters;
        lastReadThread = Thread.currentThread().getName();
        ContainerSummary web = new ContainerSummary(WEB_ID, List.of("/web"), "busybox:latest", "sha256:abc",
                "sleep 1000", Instant.now().minusSeconds(7200).getEpochSecond(),
                List.of(new Port("0.0.0.0", 80, 8080, "tcp")), null, null, Map.of(), "running", "Up 2 hours",
                null, null, null);
        return all ? List.of(web) : List.of();
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public ContainerInspect inspect(String ref, boolean size) {
        lastReadThread = Thread.currentThread().getName();
        failIfKind(ref);
        return find(ref);
    }

    @Override
    public Versioned<ContainerInspect> inspection(String ref) {
        Object version = inspectVersion;
        if (version == null) {
            return ContainerBackend.super.inspection(ref);
        }
        String id = inspect(ref, false).id();
        return new Versioned<>(id, version, () -> {
            renders.incrementAndGet();
            return inspect(ref, false);
        });
    }

    @Override
    public StreamHandle logs(String ref, LogOptions options, OutputSink sink) {
        lastLogOptions = options;
        if (options.follow()) {
            // Produce nothing until closed: the test checks that closing the connection closes the handle.
            return () -> logsClosed.set(true);
        }
        background(() -> {
            sink.write(OutputSink.Stream.STDOUT, LOG_TIME, bytes("hello\n"));
            sink.write(OutputSink.Stream.STDERR, LOG_TIME, bytes("oops\n"));
            sink.end();
        });
        return () -> { };
    }

    @Override
    public AttachHandle attach(String ref, AttachOptions options, OutputSink sink) {
        if (options.stdin()) {
            // echoes the client's input back as one chunk once the client half-closes
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            return new AttachHandle() {
                @Override
                public void input(byte[] data) {
                    inputChunks.incrementAndGet();
                    got.writeBytes(data);
                }

                @Override
                public void closeInput() {
                    inputClosed.set(true);
                    sink.write(OutputSink.Stream.STDOUT, got.toByteArray());
                    sink.end();
                }

                @Override
                public void close() {
                    attachClosed.set(true);
                }
            };
        }
        background(() -> {
            sink.write(OutputSink.Stream.STDOUT, bytes("attached\n"));
            sink.end();
        });
        return () -> { };
    }

    @Override
    public void resize(String ref, int height, int width) {
        find(ref);
        lastResize = height + "x" + width;
    }

    // --- exec: instance "exec1" of web (no TTY), "tty1" of term, "broken" fails to start ---

    volatile ExecCreateRequest lastExecCreate;
    volatile ExecStartOptions lastExecStart;
    volatile String lastExecResize;

    @Override
    public String execCreate(String ref, ExecCreateRequest request) {
        failIfKind(ref);
        find(ref);
        lastExecCreate = request;
        return "exec1";
    }

    @Override
    public ExecInspect execInspect(String execId) {
        if (!List.of("exec1", "tty1", "broken").contains(execId)) {
            throw EngineException.notFound("No such exec instance: " + execId);
        }
        return new ExecInspect(false, WEB_ID, "", 3, execId, true, false, true,
                new ExecInspect.ProcessConfig(List.of("-c", "exit 3"), "sh", false, execId.equals("tty1"), ""), false, 0);
    }

    @Override
    public AttachHandle execStart(String execId, ExecStartOptions options, OutputSink sink) {
        execInspect(execId);
        lastExecStart = options;
        if (execId.equals("broken")) {
            throw EngineException.invalid("OCI runtime exec failed: exec: \"nope\": executable file not found in $PATH");
        }
        if (options.detach()) {
            return null;
        }
        sink.write(OutputSink.Stream.STDOUT, bytes("out\n"));
        sink.write(OutputSink.Stream.STDERR, bytes("err\n"));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        return new AttachHandle() {
            @Override
            public void input(byte[] data) {
                got.writeBytes(data);
            }

            @Override
            public void closeInput() {
                // the process read its stdin to the end, echoed it, and exited
                sink.write(OutputSink.Stream.STDOUT, got.toByteArray());
                sink.end();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void execResize(String execId, int height, int width) {
        execInspect(execId);
        lastExecResize = height + "x" + width;
    }

    @Override
    public PruneReport prune(Filters filters) {
        lastPruneFilters = filters;
        return new PruneReport(List.of(), 0);
    }

    private static void failIfKind(String ref) {
        for (ErrorKind kind : ErrorKind.values()) {
            if (kind.name().equals(ref)) {
                throw new EngineException(kind, "failure of kind " + kind);
            }
        }
    }

    private ContainerInspect find(String ref) {
        String name = ref.startsWith("/") ? ref.substring(1) : ref;
        if (!name.equals("web") && !name.equals("term") && !WEB_ID.startsWith(name)) {
            throw EngineException.notFound("No such container: " + ref);
        }
        boolean tty = name.equals("term");
        ContainerConfig config = new ContainerConfig("web", "", "", false, true, true, null, tty, false, false,
                List.of("PATH=/bin"), List.of("sleep", "1000"), null, "busybox", null, "", null, null, null, Map.of(),
                null, null);
        ContainerState state = new ContainerState("running", true, false, false, false, false, 42, 0, null,
                "2024-05-06T07:08:09Z", null, null);
        return new ContainerInspect(WEB_ID, "2024-05-06T07:08:00Z", "sleep", List.of("1000"), state, "sha256:abc",
                "", "", "", "", "/" + name, restartCount, "overlay2", "linux", "", "", "", null, null, null, null, null,
                List.of(), config, null);
    }

    static void background(Runnable r) {
        Thread t = new Thread(r, "fake-producer");
        t.setDaemon(true);
        t.start();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
