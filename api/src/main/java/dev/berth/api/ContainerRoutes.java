package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.model.ContainerCreateRequest;
import dev.berth.spi.EngineException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Container lifecycle routes that answer with one JSON value or nothing. Streams: {@link ContainerStreamRoutes}. */
final class ContainerRoutes {
    static final String ID = "/containers/(?<id>[^/]+)";
    private static final ApiVersion PRUNE_SINCE = new ApiVersion(1, 25);
    /** Read-only binds recursively read-only by default, and the BindOptions that choose. */
    private static final ApiVersion READ_ONLY_RECURSION = new ApiVersion(1, 44);
    private static final ApiVersion VOLUME_SUBPATH = new ApiVersion(1, 45);
    /**
     * Up to this many containers a list is answered on the event loop: ~2 ms of rendering at worst
     * while the JIT is cold, which other connections on that loop wait out; more go to the pool.
     */
    static final int INLINE_LIST_MAX = 64;

    private final ContainerBackend containers;
    private final RenderedJson rendered = new RenderedJson(RenderedJson.CONTAINER_SLOTS);
    private final RenderedList listed = new RenderedList();

    ContainerRoutes(ContainerBackend containers) {
        this.containers = containers;
    }

    /** {@code ps} filters the engine implements, and those of the spec it does not yet. */
    static final Set<String> LIST_FILTERS = Set.of("ancestor", "before", "exited", "expose", "health", "id",
            "isolation", "is-task", "label", "name", "network", "publish", "since", "status", "volume");
    /** Prune filters: {@code label!} is how the CLI sends {@code --filter label!=…}. */
    static final Set<String> PRUNE_FILTERS = Set.of("until", "label", "label!");

    List<Route> routes() {
        return List.of(
                Route.of(POST, "/containers/create", this::create).honours("name", "platform"),
                Route.of(GET, "/containers/json", this::list).honours("all", "limit", "size", "filters")
                        .extension("at").filters(LIST_FILTERS, Set.of())
                        .inlineWhen(q -> fromView(q) && containers.count() <= INLINE_LIST_MAX),
                Route.of(POST, "/containers/prune", ex ->
                        ex.json(HttpResponseStatus.OK, containers.prune(ex.query().filters()))).since(PRUNE_SINCE)
                        .honours("filters").filters(PRUNE_FILTERS, Set.of()),
                Route.of(GET, ID + "/json", this::inspect).honours("size").extension("at").inlineWhen(ContainerRoutes::fromView),
                Route.of(POST, ID + "/start", ex -> {
                    containers.start(ex.param("id"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }).refusesText("detachKeys"),
                Route.of(POST, ID + "/stop", ex -> {
                    containers.stop(ex.param("id"), ex.query().nonEmpty("signal"), ex.query().saturated("t"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }).honours("signal", "t"),
                Route.of(POST, ID + "/restart", ex -> {
                    containers.restart(ex.param("id"), ex.query().nonEmpty("signal"), ex.query().saturated("t"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }).honours("signal", "t"),
                Route.of(POST, ID + "/kill", ex -> {
                    containers.kill(ex.param("id"), ex.query().nonEmpty("signal"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }).honours("signal"),
                Route.of(POST, ID + "/rename", this::rename).honours("name"),
                // v (rm -v, sent by Testcontainers and compose) removes the container's anonymous
                // volumes: Berth creates none yet (Volumes is refused at create), so it is honoured
                // vacuously. link removes a legacy link, not the container: refused, never mistaken.
                Route.of(DELETE, ID, ex -> {
                    containers.remove(ex.param("id"), ex.query().bool("force"), ex.query().bool("v"));
                    ex.empty(HttpResponseStatus.NO_CONTENT);
                }).honours("force", "v").refusesFlag("link"));
    }

    /** Served from the container view alone: {@code size} walks the disk, {@code at} folds the journal. */
    private static boolean fromView(Query q) {
        return !q.bool("size") && q.nonEmpty("at") == null;
    }

    private void create(Exchange ex) throws Exception {
        String contentType = ex.header("Content-Type");
        if (contentType != null && !contentType.isEmpty() && !contentType.startsWith("application/json")) {
            throw EngineException.invalid("unsupported Content-Type header (" + contentType + "): must be 'application/json'");
        }
        JsonNode body = ex.bodyTree();
        CreateFields.TABLE.check(body);
        // A body of JSON null reaches the backend as null: it refuses an empty config, in one place.
        boolean before144 = !ex.version().atLeast(READ_ONLY_RECURSION);
        checkMountsForVersion(body.path("HostConfig").path("Mounts"), ex.version());
        ContainerCreateRequest request = Json.MAPPER.treeToValue(body, ContainerCreateRequest.class);
        ex.json(HttpResponseStatus.CREATED, containers.create(ex.query().nonEmpty("name"),
                ex.query().nonEmpty("platform"), request, before144));
    }

    /** dockerd's refusals of mount options newer than the client's API version. */
    private static void checkMountsForVersion(JsonNode mounts, ApiVersion version) {
        for (JsonNode m : mounts) {
            if (!version.atLeast(READ_ONLY_RECURSION) && m.path("Type").asText("").equals("bind")
                    && m.path("BindOptions").path("ReadOnlyForceRecursive").asBoolean(false)) {
                throw EngineException.invalid("BindOptions.ReadOnlyForceRecursive needs API v1.44 or newer");
            }
            if (!version.atLeast(VOLUME_SUBPATH) && !m.path("VolumeOptions").path("Subpath").asText("").isEmpty()) {
                throw EngineException.invalid("VolumeOptions.Subpath needs API v1.45 or newer");
            }
        }
    }

    private void inspect(Exchange ex) {
        Instant at = Timestamps.at(ex.query().nonEmpty("at"));
        if (at == null) {
            if (ex.query().bool("size")) {
                ex.json(HttpResponseStatus.OK, containers.inspect(ex.param("id"), true));
            } else {
                ex.jsonBytes(HttpResponseStatus.OK, rendered.of(containers.inspection(ex.param("id"))));
            }
            return;
        }
        if (ex.query().bool("size")) {
            throw EngineException.invalid("query parameter \"size\" with \"at\" is not supported by Berth yet");
        }
        ex.json(HttpResponseStatus.OK, containers.inspectAt(ex.param("id"), at));
    }

    private void list(Exchange ex) {
        Query q = ex.query();
        Integer limit = q.saturated("limit");
        Instant at = Timestamps.at(q.nonEmpty("at"));
        if (at != null) {
            if (q.bool("size") || !q.filters().keys().isEmpty()) {
                throw EngineException.invalid("query parameters \"size\" and \"filters\" with \"at\" are not supported by Berth yet");
            }
            ex.json(HttpResponseStatus.OK, containers.listAt(q.bool("all"), limit == null ? -1 : limit, at));
            return;
        }
        if (q.bool("size")) {
            ex.json(HttpResponseStatus.OK, containers.list(q.bool("all"), limit == null ? -1 : limit, true, q.filters()));
            return;
        }
        var items = containers.listing(q.bool("all"), limit == null ? -1 : limit, q.filters());
        boolean everything = q.bool("all") && (limit == null || limit <= 0) && q.filters().keys().isEmpty();
        RenderedList.Array json = listed.render(items, everything);
        ex.jsonWritten(HttpResponseStatus.OK, json.size(), json::writeTo);
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
