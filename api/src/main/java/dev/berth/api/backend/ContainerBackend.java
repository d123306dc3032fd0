package dev.berth.api.backend;

import dev.berth.api.model.ContainerChange;
import dev.berth.api.model.ContainerCreateRequest;
import dev.berth.api.model.ContainerCreateResponse;
import dev.berth.api.model.ContainerInspect;
import dev.berth.api.model.ContainerPathStat;
import dev.berth.api.model.ContainerSummary;
import dev.berth.api.model.ContainerTopResponse;
import dev.berth.api.model.ContainerUpdateRequest;
import dev.berth.api.model.ContainerUpdateResponse;
import dev.berth.api.model.ExecCreateRequest;
import dev.berth.api.model.ExecInspect;
import dev.berth.api.model.PruneReport;
import dev.berth.api.model.WaitResponse;
import dev.berth.spi.EngineException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the containers router needs from the engine. Every method may block; the API calls them off
 * the event loop. Failures are {@link dev.berth.spi.EngineException}s whose kind picks the status.
 * {@code ref} is always an id, a unique id prefix, or a name (with or without a leading slash).
 */
public interface ContainerBackend {

    /** POST /containers/create. {@code name} may be null (the engine picks one). */
    ContainerCreateResponse create(String name, ContainerCreateRequest request);

    /**
     * POST /containers/create with its {@code platform} query parameter ({@code os/arch[/variant]},
     * null when not given). A local image of another platform is NOT_FOUND (the CLI then pulls the
     * wanted variant); without a platform, an image of another platform than the host's is a warning.
     */
    default ContainerCreateResponse create(String name, String platform, ContainerCreateRequest request) {
        return create(name, request);
    }

    /**
     * POST /containers/create from a client older than API v1.44 ({@code readOnlyBindsNonRecursive}): its
     * read-only binds are read-only at their own mount point only, as every read-only bind was before
     * v1.44 (dockerd's {@code DefaultReadOnlyNonRecursive}); the mounts under them stay as they are.
     * The default is for backends whose containers have no mounts under their binds (the API's test fakes).
     */
    default ContainerCreateResponse create(String name, String platform, ContainerCreateRequest request,
                                           boolean readOnlyBindsNonRecursive) {
        return create(name, platform, request);
    }

    /** POST /containers/{id}/start. NOT_MODIFIED when already running. */
    void start(String ref);

    /** POST /containers/{id}/stop. {@code signal} and {@code timeoutSeconds} may be null (container's or default). NOT_MODIFIED when not running. */
    void stop(String ref, String signal, Integer timeoutSeconds);

    /** POST /containers/{id}/restart. */
    void restart(String ref, String signal, Integer timeoutSeconds);

    /** POST /containers/{id}/kill. {@code signal} is a name (KILL, SIGKILL) or number; null = KILL. CONFLICT when not running. */
    void kill(String ref, String signal);

    /**
     * POST /containers/{id}/wait. Completes when the condition holds: {@code not-running} (default, also
     * for null; at once if not running), {@code next-exit}, {@code removed}. INVALID_ARGUMENT for another
     * condition and NOT_FOUND for an unknown container are thrown synchronously, before the caller sends
     * headers.
     */
    CompletionStage<WaitResponse> await(String ref, String condition);

    /** DELETE /containers/{id}. CONFLICT for a running container without force. */
    void remove(String ref, boolean force, boolean removeVolumes);

    /** POST /containers/{id}/rename. */
    void rename(String ref, String newName);

    /** GET /containers/json. {@code limit} <= 0 means no limit. Without {@code size}, see {@link #count()}. */
    List<ContainerSummary> list(boolean all, int limit, boolean size, Filters filters);

    /**
     * {@link #list} without sizes, each item with the version of what it shows: the router answers
     * with the JSON it wrote before for an item whose version is equal. The default has no versions.
     */
    default List<Versioned<ContainerSummary>> listing(boolean all, int limit, Filters filters) {
        List<Versioned<ContainerSummary>> out = new java.util.ArrayList<>();
        for (ContainerSummary s : list(all, limit, false, filters)) {
            out.add(Versioned.unversioned(() -> s));
        }
        return out;
    }

    /**
     * GET /containers/{id}/json. Without {@code size}, answered from memory (the view, a few stats of
     * the container's files) without waiting on anything: it runs on the API's event loop.
     */
    ContainerInspect inspect(String ref, boolean size);

    /**
     * {@link #inspect} without {@code size}, with the version of everything it shows (the container's
     * state, its health, its networks' endpoints, its mounts, the files it names): the router answers a
     * repeated inspect of an unchanged container with the JSON it wrote before. Runs on the event loop,
     * as {@link #inspect}; the default has no version, so every answer is rendered.
     */
    default Versioned<ContainerInspect> inspection(String ref) {
        return Versioned.unversioned(() -> inspect(ref, false));
    }

    /**
     * How many containers a {@link #list} without {@code size} would render at most. Up to a few dozen
     * it is answered on the API's event loop, so such a list must not wait on anything; the default
     * (unknown) sends every list to the blocking pool.
     */
    default int count() {
        return Integer.MAX_VALUE;
    }

    /** The containers that existed at {@code at}, with their state then (Berth's {@code at=}). */
    default List<ContainerSummary> listAt(boolean all, int limit, java.time.Instant at) {
        throw EngineException.invalid("query parameter \"at\" is not supported by Berth yet");
    }

    /** Inspect as it would have answered at {@code at} (Berth's {@code at=}); also a removed container's id. */
    default ContainerInspect inspectAt(String ref, java.time.Instant at) {
        throw EngineException.invalid("query parameter \"at\" is not supported by Berth yet");
    }

    /**
     * GET /containers/{id}/logs. Pushes what the options select to {@code sink} from a backend
     * thread; returns at once. The backend calls {@link OutputSink#end()} when done (container
     * exited and the log drained when following) and stops early when the returned handle is closed.
     */
    StreamHandle logs(String ref, LogOptions options, OutputSink sink);

    /**
     * POST /containers/{id}/attach. Output written after this call reaches {@code sink} until the
     * container's current or next run ends; then {@code end()}. With {@code logs} true, what the log
     * already holds is sent first. What the client sends goes to {@link AttachHandle#input} (the
     * container's stdin when {@code options.stdin()} and the container has {@code OpenStdin}; it may
     * come before the container starts: the CLI attaches first, then starts).
     */
    AttachHandle attach(String ref, AttachOptions options, OutputSink sink);

    /**
     * POST /containers/{id}/resize: the TTY's size in rows and columns. CONFLICT when the container is
     * not running; ignored for a container without a TTY.
     */
    default void resize(String ref, int height, int width) {
        throw dev.berth.spi.EngineException.unavailable("resizing is not supported", null);
    }

    /**
     * POST /containers/{id}/exec: a new exec instance (in memory, as in dockerd) for the running
     * container; its id. CONFLICT {@code container <id> is not running}; NOT_FOUND for an unknown container.
     */
    default String execCreate(String ref, ExecCreateRequest request) {
        throw dev.berth.spi.EngineException.unavailable("exec is not supported by Berth yet", null);
    }

    /** GET /exec/{id}/json. NOT_FOUND {@code No such exec instance: <id>}. */
    default ExecInspect execInspect(String execId) {
        throw dev.berth.spi.EngineException.notFound("No such exec instance: " + execId);
    }

    /**
     * POST /exec/{id}/start. Returns once the process runs, or throws (NOT_FOUND, CONFLICT when it ran or
     * runs already or the container stopped, a start failure whose exit code the inspect then shows).
     * Attached, the process's output goes to {@code sink} until it ends, the exit code is recorded, then
     * {@code end()}; the handle takes the client's input. Detached, {@code sink} is null and so is the
     * returned handle.
     */
    default AttachHandle execStart(String execId, ExecStartOptions options, OutputSink sink) {
        throw dev.berth.spi.EngineException.unavailable("exec is not supported by Berth yet", null);
    }

    /** POST /exec/{id}/resize. NOT_FOUND for an unknown exec; ignored without a TTY. */
    default void execResize(String execId, int height, int width) {
        throw dev.berth.spi.EngineException.notFound("No such exec instance: " + execId);
    }

    /** HEAD /containers/{id}/archive. NOT_FOUND for a missing path, in Docker's words. */
    default ContainerPathStat statPath(String ref, String path) {
        throw EngineException.invalid("docker cp is not supported by Berth yet");
    }

    /** GET /containers/{id}/archive: the tar of {@code path} to {@code sink}, on a running or stopped container. */
    default void archive(String ref, String path, ArchiveSink sink) {
        throw EngineException.invalid("docker cp is not supported by Berth yet");
    }

    /**
     * PUT /containers/{id}/archive: extracts {@code tar} (read as it streams) into the directory {@code path}.
     * {@code copyUIDGID} gives every entry the container user's uid and gid.
     */
    default void extract(String ref, String path, boolean noOverwriteDirNonDir, boolean copyUIDGID,
                         InputStream tar) {
        throw EngineException.invalid("docker cp is not supported by Berth yet");
    }

    /** GET /containers/{id}/changes. */
    default List<ContainerChange> changes(String ref) {
        throw EngineException.invalid("docker diff is not supported by Berth yet");
    }

    /** GET /containers/{id}/export: the whole root filesystem as a tar to {@code sink} (stat null). */
    default void export(String ref, ArchiveSink sink) {
        throw EngineException.invalid("docker export is not supported by Berth yet");
    }

    /**
     * GET /containers/{id}/top: the host's {@code ps} with {@code psArgs} (null = {@code -ef}), kept to
     * the container's processes. CONFLICT when not running.
     */
    default ContainerTopResponse top(String ref, String psArgs) {
        throw EngineException.unavailable("top is not supported", null);
    }

    /**
     * GET /containers/{id}/stats: samples to {@code sink} from a backend thread, once a second while
     * {@code stream}, else one (with {@code precpu_stats} from a second earlier unless {@code oneShot});
     * then {@link StatsSink#end()}. NOT_FOUND is thrown at once.
     */
    default StreamHandle stats(String ref, boolean stream, boolean oneShot, StatsSink sink) {
        throw EngineException.unavailable("stats are not supported", null);
    }

    /** POST /containers/{id}/pause. CONFLICT when not running or already paused. */
    default void pause(String ref) {
        throw EngineException.unavailable("pause is not supported", null);
    }

    /** POST /containers/{id}/unpause. CONFLICT when not paused. */
    default void unpause(String ref) {
        throw EngineException.unavailable("unpause is not supported", null);
    }

    /** POST /containers/{id}/update (the body already checked against {@code UpdateFields}). */
    default ContainerUpdateResponse update(String ref, ContainerUpdateRequest request) {
        throw EngineException.unavailable("update is not supported", null);
    }

    /** POST /containers/prune. */
    PruneReport prune(Filters filters);
}
