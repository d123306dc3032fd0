package dev.berth.api.backend;

import dev.berth.api.model.ContainerCreateRequest;
import dev.berth.api.model.ContainerCreateResponse;
import dev.berth.api.model.ContainerInspect;
import dev.berth.api.model.ContainerSummary;
import dev.berth.api.model.ContainerTopResponse;
import dev.berth.api.model.ContainerUpdateRequest;
import dev.berth.api.model.ContainerUpdateResponse;
import dev.berth.api.model.PruneReport;
import dev.berth.api.model.WaitResponse;
import dev.berth.spi.EngineException;
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

    /** GET /containers/json. {@code limit} <= 0 means no limit. */
    List<ContainerSummary> list(boolean all, int limit, boolean size, Filters filters);

    /** GET /containers/{id}/json. */
    ContainerInspect inspect(String ref, boolean size);

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
