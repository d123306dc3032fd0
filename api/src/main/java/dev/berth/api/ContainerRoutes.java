package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.model.ContainerCreateRequest;
import dev.berth.spi.EngineException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/** Container lifecycle routes that answer with one JSON value or nothing. Streams: {@link ContainerStreamRoutes}. */
final class ContainerRoutes {
    static final String ID = "/containers/(?<id>[^/]+)";
    private static final ApiVersion PRUNE_SINCE = new ApiVersion(1, 25);

    private final ContainerBackend containers;

    ContainerRoutes(ContainerBackend containers) {
        this.containers = containers;
    }

    List<Route> routes() {
        return List.of(
                Route.of(POST, "/containers/create", this::create),
                Route.of(GET, "/containers/json", this::list),
                Route.of(POST, "/containers/prune", ex ->
                        ex.json(HttpResponseStatus.OK, containers.prune(ex.query().filters()))).since(PRUNE_SINCE),
                Route.of(GET, ID + "/json", ex ->
                        ex.json(HttpResponseStatus.OK, containers.inspect(ex.param("id"), ex.query().bool("size")))),
                Route.of(POST, ID + "/start", ex -> {
                    containers.start(ex.param("id"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }),
                Route.of(POST, ID + "/stop", ex -> {
                    containers.stop(ex.param("id"), ex.query().nonEmpty("signal"), ex.query().integer("t"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }),
                Route.of(POST, ID + "/restart", ex -> {
                    containers.restart(ex.param("id"), ex.query().nonEmpty("signal"), ex.query().integer("t"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }),
                Route.of(POST, ID + "/kill", ex -> {
                    containers.kill(ex.param("id"), ex.query().nonEmpty("signal"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }),
                Route.of(POST, ID + "/rename", this::rename),
                Route.of(DELETE, ID, ex -> {
                    containers.remove(ex.param("id"), ex.query().bool("force"), ex.query().bool("v"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }));
    }

    private void create(Exchange ex) throws Exception {
        String contentType = ex.header("Content-Type");
        if (contentType != null && !contentType.isEmpty() && !contentType.startsWith("application/json")) {
            throw EngineException.invalid("unsupported Content-Type header (" + contentType + "): must be 'application/json'");
        }
        // A body of JSON null reaches the backend as null: it refuses an empty config, in one place.
        ContainerCreateRequest request = ex.body(ContainerCreateRequest.class);
        ex.json(HttpResponseStatus.CREATED, containers.create(ex.query().nonEmpty("name"),
                ex.query().nonEmpty("platform"), request));
    }

    private void list(Exchange ex) {
        Query q = ex.query();
        Integer limit = q.integer("limit");
        ex.json(HttpResponseStatus.OK, containers.list(q.bool("all"), limit == null ? -1 : limit, q.bool("size"), q.filters()));
    }

    private void rename(Exchange ex) {
        String name = ex.query().nonEmpty("name");
        if (name == null) {
            throw EngineException.invalid("name cannot be empty");
        }
        containers.rename(ex.param("id"), name);
        ex.empty(HttpResponseStatus.NO_CONTENT);
    }
}
