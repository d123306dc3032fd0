package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.backend.Filters;
import dev.berth.api.backend.VolumeBackend;
import dev.berth.api.model.VolumeCreateRequest;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Volume routes. */
final class VolumeRoutes {
    private static final String NAME = "/volumes/(?<name>[^/]+)";
    static final Set<String> LIST_FILTERS = Set.of("dangling", "driver", "label", "name");
    static final Set<String> PRUNE_FILTERS = Set.of("label", "label!", "all");
    /** Before 1.42 a prune removed every unused volume; since, only anonymous ones unless {@code all}. */
    private static final ApiVersion PRUNE_ANONYMOUS_ONLY = new ApiVersion(1, 42);

    private final VolumeBackend volumes;

    VolumeRoutes(VolumeBackend volumes) {
        this.volumes = volumes;
    }

    List<Route> routes() {
        return List.of(
                Route.of(GET, "/volumes", ex -> ex.json(HttpResponseStatus.OK, volumes.list(ex.query().filters())))
                        .honours("filters").filters(LIST_FILTERS, Set.of()),
                Route.of(POST, "/volumes/create", this::create),
                Route.of(POST, "/volumes/prune", this::prune).honours("filters").filters(PRUNE_FILTERS, Set.of()),
                Route.of(GET, NAME, ex -> {
                    Instant at = Timestamps.at(ex.query().nonEmpty("at"));
                    ex.json(HttpResponseStatus.OK, at == null ? volumes.inspect(ex.param("name"))
                            : volumes.inspectAt(ex.param("name"), at));
                }).extension("at"),
                // Cluster volumes live in a swarm; dockerd answers so whatever the query says.
                Route.of(PUT, NAME, ex -> {
                    throw new EngineException(ErrorKind.UNAVAILABLE,
                            "volume update only valid for cluster volumes, but swarm is unavailable");
                }).answersAnyQuery(),
                Route.of(DELETE, NAME, ex -> {
                    volumes.remove(ex.param("name"), ex.query().bool("force"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }).honours("force"));
    }

    private void create(Exchange ex) throws Exception {
        VolumeCreateRequest request = Json.MAPPER.treeToValue(ex.bodyTree(), VolumeCreateRequest.class);
        if (request == null) {
            request = new VolumeCreateRequest(null, null, null, null, null);
        }
        JsonNode cluster = request.clusterVolumeSpec();
        if (cluster != null && !cluster.isNull()) {
            throw EngineException.invalid("ClusterVolumeSpec is not supported by Berth yet");
        }
        ex.json(HttpResponseStatus.CREATED, volumes.create(request));
    }

    private void prune(Exchange ex) {
        Filters filters = ex.query().filters();
        boolean all = !ex.version().atLeast(PRUNE_ANONYMOUS_ONLY)
                || filters.get("all").stream().anyMatch(v -> !QuerySupport.falsy(v));
        ex.json(HttpResponseStatus.OK, volumes.prune(filters, all));
    }
}
