package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.backend.NetworkBackend;
import dev.berth.api.model.NetworkConnectRequest;
import dev.berth.api.model.NetworkCreateRequest;
import dev.berth.api.model.NetworkResource;
import dev.berth.spi.EngineException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Network routes. */
final class NetworkRoutes {
    private static final String ID = "/networks/(?<id>[^/]+)";
    static final Set<String> LIST_FILTERS = Set.of("dangling", "driver", "id", "label", "name", "scope", "type");
    static final Set<String> PRUNE_FILTERS = Set.of("until", "label", "label!");

    private final NetworkBackend networks;
    private final RenderedJson rendered = new RenderedJson(RenderedJson.NETWORK_SLOTS);

    NetworkRoutes(NetworkBackend networks) {
        this.networks = networks;
    }

    List<Route> routes() {
        return List.of(
                Route.of(GET, "/networks", ex -> ex.json(HttpResponseStatus.OK, networks.list(ex.query().filters())))
                        .honours("filters").filters(LIST_FILTERS, Set.of()),
                Route.of(POST, "/networks/create", ex -> {
                    NetworkCreateRequest request = checked(ex, NetworkFields.CREATE, NetworkCreateRequest.class);
                    if (request == null || request.name() == null || request.name().isEmpty()) {
                        throw EngineException.invalid("network name is required");
                    }
                    ex.json(HttpResponseStatus.CREATED, networks.create(request));
                }),
                Route.of(POST, "/networks/prune", ex -> ex.json(HttpResponseStatus.OK,
                        networks.prune(ex.query().filters()))).honours("filters").filters(PRUNE_FILTERS, Set.of()),
                // verbose adds swarm service details, which local networks do not have
                // from the view, without waiting on anything: on the event loop, as a container's inspect
                Route.of(GET, ID, this::inspect).honours("verbose", "scope").extension("at")
                        .inlineWhen(q -> q.nonEmpty("at") == null),
                Route.of(DELETE, ID, ex -> {
                    networks.remove(ex.param("id"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }),
                Route.of(POST, ID + "/connect", ex -> {
                    networks.connect(ex.param("id"), body(ex, NetworkFields.CONNECT));
                    ex.empty(HttpResponseStatus.OK);
                }),
                Route.of(POST, ID + "/disconnect", ex -> {
                    networks.disconnect(ex.param("id"), body(ex, NetworkFields.DISCONNECT));
                    ex.empty(HttpResponseStatus.OK);
                }));
    }

    /** Every network here is local: one asked for in another scope is not found, as in dockerd. */
    private void inspect(Exchange ex) {
        String scope = ex.query().nonEmpty("scope");
        Instant at = Timestamps.at(ex.query().nonEmpty("at"));
        if (at == null && scope == null) {
            ex.jsonBytes(HttpResponseStatus.OK, rendered.of(networks.inspection(ex.param("id"))));
            return;
        }
        NetworkResource network = at == null ? networks.inspect(ex.param("id")) : networks.inspectAt(ex.param("id"), at);
        if (scope != null && !scope.equals(network.scope())) {
            throw EngineException.notFound("network " + ex.param("id") + " not found");
        }
        ex.json(HttpResponseStatus.OK, network);
    }

    /** The body, checked against its field table before it is bound. */
    private static <T> T checked(Exchange ex, FieldTable fields, Class<T> type) throws Exception {
        JsonNode body = ex.bodyTree();
        fields.check(body);
        return Json.MAPPER.treeToValue(body, type);
    }

    private static NetworkConnectRequest body(Exchange ex, FieldTable fields) throws Exception {
        NetworkConnectRequest request = checked(ex, fields, NetworkConnectRequest.class);
        if (request == null || request.container() == null || request.container().isEmpty()) {
            throw EngineException.invalid("container is required");
        }
        return request;
    }
}
