package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.backend.AttachHandle;
import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.backend.ExecStartOptions;
import dev.berth.api.backend.OutputSink;
import dev.berth.api.model.ExecCreateRequest;
import dev.berth.api.model.ExecInspect;
import dev.berth.api.model.ExecStartRequest;
import dev.berth.api.model.IdResponse;
import dev.berth.spi.EngineException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code docker exec}: create, start (hijacked as attach is: multiplexed 8-byte frames without a TTY,
 * raw with one), resize and inspect. The CLI's sequence: inspect the container, create, start with
 * {@code Upgrade: tcp}, then inspect the exec for its exit code.
 */
final class ExecRoutes {
    private static final String EXEC = "/exec/(?<id>[^/]+)";

    private static final String INVALID_KEYS = "Invalid escape keys (%s) provided";

    private final ContainerBackend containers;

    ExecRoutes(ContainerBackend containers) {
        this.containers = containers;
    }

    List<Route> routes() {
        return List.of(
                Route.of(POST, ContainerRoutes.ID + "/exec", this::create),
                Route.of(POST, EXEC + "/start", this::start),
                Route.of(POST, EXEC + "/resize", this::resize).honours("h", "w"),
                Route.of(GET, EXEC + "/json", ex -> ex.json(HttpResponseStatus.OK, containers.execInspect(ex.param("id")))));
    }

    private void create(Exchange ex) throws Exception {
        JsonNode body = ex.bodyTree();
        ExecFields.CREATE.check(body);
        ExecCreateRequest request = Json.MAPPER.treeToValue(body, ExecCreateRequest.class);
        if (request == null || request.cmd().isEmpty()) {
            throw EngineException.invalid("No exec command specified");
        }
        DetachKeys.parse(request.detachKeys(), INVALID_KEYS);
        ex.json(HttpResponseStatus.CREATED, new IdResponse(containers.execCreate(ex.param("id"), request)));
    }

    private void start(Exchange ex) throws Exception {
        String id = ex.param("id");
        ExecStartRequest request = new ExecStartRequest(false, false, null);
        try {
            JsonNode body = ex.bodyTree();
            ExecFields.START.check(body);
            request = Json.MAPPER.treeToValue(body, ExecStartRequest.class);
        } catch (EngineException e) {
            if (!e.getMessage().contains("EOF")) {
                throw e; // a refused field; an empty body means the defaults, as dockerd reads it
            }
        }
        List<Integer> size = request.consoleSize();
        ExecStartOptions options = new ExecStartOptions(request.detach(),
                size.size() == 2 ? size.get(0) : 0, size.size() == 2 ? size.get(1) : 0);
        if (options.detach()) {
            containers.execStart(id, options, null);
            ex.empty(HttpResponseStatus.OK);
            return;
        }
        // a plain 404 for an unknown exec, before the connection is taken over
        ExecInspect exec = containers.execInspect(id);
        DetachKeys keys = DetachKeys.parse(exec.detachKeys(), INVALID_KEYS);
        boolean tty = request.tty();
        HijackedStream out = ex.hijack(ex.version().streamContentType(tty));
        FramingSink sink = new FramingSink(out, !tty, false);
        AttachHandle handle;
        try {
            handle = containers.execStart(id, options, sink);
        } catch (RuntimeException e) {
            // after the 101 the error can only travel in the stream, as dockerd writes it
            sink.write(OutputSink.Stream.STDOUT, (ErrorMapper.map(e).message() + "\r\n").getBytes(StandardCharsets.UTF_8));
            sink.end();
            return;
        }
        out.forwardInput(exec.processConfig().tty() ? keys.watch(handle, () -> ContainerStreamRoutes.detach(handle, out)) : handle);
        ex.onClose(handle::close);
    }

    private void resize(Exchange ex) {
        int height = ContainerStreamRoutes.dimension(ex.query(), "h");
        int width = ContainerStreamRoutes.dimension(ex.query(), "w");
        containers.execResize(ex.param("id"), height, width);
        ex.empty(HttpResponseStatus.OK);
    }
}
