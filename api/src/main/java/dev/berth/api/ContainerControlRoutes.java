package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.backend.StatsSink;
import dev.berth.api.backend.StreamHandle;
import dev.berth.api.model.ContainerStatsResponse;
import dev.berth.api.model.ContainerUpdateRequest;
import dev.berth.spi.EngineException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/** Observing and steering a running container: top, stats, pause, unpause, update. */
final class ContainerControlRoutes {
    private final ContainerBackend containers;

    ContainerControlRoutes(ContainerBackend containers) {
        this.containers = containers;
    }

    List<Route> routes() {
        return List.of(
                Route.of(GET, ContainerRoutes.ID + "/top", ex ->
                        ex.json(HttpResponseStatus.OK, containers.top(ex.param("id"), ex.query().nonEmpty("ps_args"))))
                        .honours("ps_args"),
                Route.of(GET, ContainerRoutes.ID + "/stats", this::stats).honours("stream", "one-shot"),
                Route.of(POST, ContainerRoutes.ID + "/pause", ex -> {
                    containers.pause(ex.param("id"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }),
                Route.of(POST, ContainerRoutes.ID + "/unpause", ex -> {
                    containers.unpause(ex.param("id"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }),
                Route.of(POST, ContainerRoutes.ID + "/update", this::update));
    }

    private void stats(Exchange ex) {
        Query q = ex.query();
        boolean stream = q.bool("stream", true);
        boolean oneShot = q.bool("one-shot", false);
        // dockerd refuses one-shot on a stream: it only shortens a single sample
        if (oneShot && stream) {
            throw EngineException.invalid("cannot have stream=true and one-shot=true");
        }
        String id = ex.param("id");
        containers.inspect(id, false); // a 404 before any header
        ChunkedStream out = ex.stream(HttpResponseStatus.OK, Responses.JSON);
        StreamHandle handle = containers.stats(id, stream, oneShot, new StatsSink() {
            @Override
            public boolean sample(ContainerStatsResponse stats) {
                return out.write(Json.line(stats));
            }

            @Override
            public void end() {
                out.end();
            }
        });
        ex.onClose(handle::close);
    }

    private void update(Exchange ex) throws Exception {
        JsonNode body = ex.bodyTree();
        UpdateFields.TABLE.check(body);
        ContainerUpdateRequest request = Json.MAPPER.treeToValue(body, ContainerUpdateRequest.class);
        ex.json(HttpResponseStatus.OK, containers.update(ex.param("id"),
                request == null ? new ContainerUpdateRequest(null, null, null, null, null, null, null, null) : request));
    }
}
