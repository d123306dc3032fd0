package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.GET;

import dev.berth.api.backend.ImageBackend;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Set;

/**
 * What clients ask a registry through the daemon without pulling: {@code GET /distribution/{name}/json}
 * (docker-py's {@code get_registry_data}, {@code docker manifest}-like tools) and {@code GET /images/search}.
 */
final class DistributionRoutes {
    private static final String REGISTRY_AUTH = "X-Registry-Auth";
    static final Set<String> SEARCH_FILTERS = Set.of("is-official", "stars");

    private final ImageBackend images;

    DistributionRoutes(ImageBackend images) {
        this.images = images;
    }

    List<Route> routes() {
        return List.of(
                Route.of(GET, "/distribution/(?<name>.+)/json", ex -> ex.json(HttpResponseStatus.OK,
                        images.distributionInspect(ex.param("name"), ex.header(REGISTRY_AUTH)))),
                Route.of(GET, "/images/search", this::search).honours("term", "limit", "filters")
                        .filters(SEARCH_FILTERS, Set.of()));
    }

    private void search(Exchange ex) {
        Query q = ex.query();
        String term = q.string("term");
        Integer limit = q.integer("limit");
        ex.json(HttpResponseStatus.OK, images.search(term == null ? "" : term, limit == null ? 0 : limit,
                q.filters(), ex.header(REGISTRY_AUTH)));
    }
}
