package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.berth.api.backend.AttachHandle;
import dev.berth.api.backend.AttachOptions;
import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.backend.LogOptions;
import dev.berth.api.backend.StreamHandle;
import dev.berth.api.model.ContainerInspect;
import dev.berth.api.model.WaitResponse;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** Container routes whose answer outlives the handler: wait, logs, attach (hijacked or WebSocket; and the attached TTY's resize). */
final class ContainerStreamRoutes {
    private static final String INVALID_KEYS = "Invalid detach keys (%s) provided";

    private final ContainerBackend containers;

    ContainerStreamRoutes(ContainerBackend containers) {
        this.containers = containers;
    }

    List<Route> routes() {
        return List.of(
                Route.of(POST, ContainerRoutes.ID + "/wait", this::await).honours("condition"),
                Route.of(GET, ContainerRoutes.ID + "/logs", this::logs)
                        .honours("follow", "stdout", "stderr", "since", "until", "timestamps", "tail")
                        .extension("details"),
                Route.of(POST, ContainerRoutes.ID + "/attach", this::attach)
                        .honours("logs", "stream", "stdin", "stdout", "stderr", "detachKeys"),
                Route.of(GET, ContainerRoutes.ID + "/attach/ws", this::attachWebSocket)
                        .honours("logs", "stream", "stdin", "stdout", "stderr", "detachKeys"),
                Route.of(POST, ContainerRoutes.ID + "/resize", this::resize).honours("h", "w"));
    }

    /** Headers go out at once: the CLI waits for them before it starts the container. */
    private void await(Exchange ex) {
        // The backend parses the condition; a refusal thrown here is still a plain 400, before any header.
        CompletableFuture<WaitResponse> done = containers.await(ex.param("id"), ex.query().nonEmpty("condition"))
                .toCompletableFuture();
        ChunkedStream out = ex.stream(HttpResponseStatus.OK, Responses.JSON);
        ex.onClose(() -> done.cancel(false));
        done.whenComplete((response, error) -> {
            if (error instanceof CancellationException) {
                return; // the client went away (onClose above): nobody to answer, nothing went wrong
            }
            WaitResponse r = error == null ? response
                    : new WaitResponse(-1, new WaitResponse.WaitError(ErrorMapper.map(error).message()));
            out.write(Json.line(r));
            out.end();
        });
    }

    private void logs(Exchange ex) {
        Query q = ex.query();
        ContainerInspect container = containers.inspect(ex.param("id"), false);
        LogOptions options = new LogOptions(q.bool("stdout"), q.bool("stderr"), q.bool("follow"), q.bool("timestamps"),
                tail(q.nonEmpty("tail")), Timestamps.parse("since", q.nonEmpty("since")),
                Timestamps.parse("until", q.nonEmpty("until")), q.bool("details"));
        if (!options.stdout() && !options.stderr()) {
            throw EngineException.invalid("Bad parameters: you must choose at least one stream");
        }
        var log = container.hostConfig() == null ? null : container.hostConfig().logConfig();
        if (log != null && ("none".equals(log.type()) || List.of("syslog", "gelf", "fluentd").contains(log.type()) && log.config() != null
                && List.of("1", "t", "T", "true", "TRUE", "True").contains(log.config().getOrDefault("cache-disabled", "")))) {
            // checked before the 200 goes out, as dockerd does: the engine would say the same once streaming
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "configured logging driver does not support reading");
        }
        boolean tty = container.tty();
        ChunkedStream out = ex.stream(HttpResponseStatus.OK, ex.version().streamContentType(tty));
        StreamHandle handle = containers.logs(ex.param("id"), options, new FramingSink(out, !tty, options.timestamps()));
        ex.onClose(handle::close);
    }

    private void attach(Exchange ex) {
        Query q = ex.query();
        DetachKeys keys = DetachKeys.parse(q.string("detachKeys"), INVALID_KEYS);
        ContainerInspect container = containers.inspect(ex.param("id"), false);
        checkAttachable(container);
        AttachOptions options = new AttachOptions(q.bool("stream"), q.bool("logs"), q.bool("stdin"),
                q.bool("stdout"), q.bool("stderr"));
        boolean tty = container.tty();
        HijackedStream out = ex.hijack(ex.version().streamContentType(tty));
        AttachHandle handle = containers.attach(ex.param("id"), options, new FramingSink(out, !tty, false));
        out.forwardInput(tty ? keys.watch(handle, () -> detach(handle, out)) : handle);
        ex.onClose(handle::close);
    }

    /** The client typed its detach keys: its stream ends, the container runs on (dockerd's detach). */
    static void detach(AttachHandle handle, ByteSink out) {
        handle.close();
        out.end();
    }

    /**
     * The same attach over WebSocket (web UIs): never multiplexed, the frames keep the output apart
     * from the HTTP; a missing or paused container is refused before the upgrade.
     */
    private void attachWebSocket(Exchange ex) {
        Query q = ex.query();
        DetachKeys keys = DetachKeys.parse(q.string("detachKeys"), INVALID_KEYS);
        ContainerInspect container = containers.inspect(ex.param("id"), false);
        checkAttachable(container);
        boolean choose = ex.version().webSocketChoosesStreams();
        AttachOptions options = new AttachOptions(q.bool("stream"), q.bool("logs"), !choose || q.bool("stdin"),
                !choose || q.bool("stdout"), !choose || q.bool("stderr"));
        WebSocketStream out = ex.webSocket(ex.version().webSocketBinaryFrames());
        AttachHandle handle = containers.attach(ex.param("id"), options, new FramingSink(out, false, false));
        out.forwardInput(container.tty() ? keys.watch(handle, () -> detach(handle, out)) : handle);
        ex.onClose(handle::close);
    }

    private static void checkAttachable(ContainerInspect container) {
        if (container.state() != null && container.state().paused()) {
            throw EngineException.conflict("You cannot attach to a paused container, unpause it first");
        }
    }

    /** Docker answers 200 with no body; h and w are required integers. */
    private void resize(Exchange ex) {
        int height = dimension(ex.query(), "h");
        int width = dimension(ex.query(), "w");
        containers.resize(ex.param("id"), height, width);
        ex.empty(HttpResponseStatus.OK);
    }

    static int dimension(Query q, String name) {
        String value = q.nonEmpty(name);
        try {
            int n = Integer.parseInt(value == null ? "" : value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw EngineException.invalid("strconv.Atoi: parsing \"" + (value == null ? "" : value) + "\": invalid syntax");
        }
    }

    /** "all", empty or unparsable = all (-1), as dockerd. */
    static int tail(String value) {
        if (value == null || value.equals("all")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
