package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.berth.api.backend.ImageBackend;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;

/** Image routes. Names in paths may hold slashes and a registry port: {@code /images/localhost:5000/a/b:tag/json}. */
final class ImageRoutes {
    private static final String NAME = "/images/(?<name>.+)";

    private final ImageBackend images;

    ImageRoutes(ImageBackend images) {
        this.images = images;
    }

    List<Route> routes() {
        return List.of(
                Route.of(POST, "/images/create", this::create).streamingBody(),
                Route.of(GET, "/images/json", ex -> ex.json(HttpResponseStatus.OK,
                        images.list(ex.query().bool("all"), ex.query().filters(), ex.query().bool("digests")))),
                Route.of(GET, NAME + "/json", ex -> ex.json(HttpResponseStatus.OK, images.inspect(ex.param("name")))),
                Route.of(POST, NAME + "/tag", ex -> {
                    images.tag(ex.param("name"), ex.query().nonEmpty("repo"), ex.query().nonEmpty("tag"));
                    ex.empty(HttpResponseStatus.CREATED);
                }),
                Route.of(DELETE, NAME, ex -> ex.json(HttpResponseStatus.OK,
                        images.remove(ex.param("name"), ex.query().bool("force"), ex.query().bool("noprune")))));
    }

    private void create(Exchange ex) {
        Query q = ex.query();
        String fromSrc = q.nonEmpty("fromSrc");
        if (fromSrc == null) {
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED,
                    q.nonEmpty("fromImage") != null ? "pulling images is not implemented yet" : "fromSrc or fromImage is required");
        }
        if (!fromSrc.equals("-")) {
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "importing from a URL is not implemented yet; use fromSrc=-");
        }
        ProgressStream progress = new ProgressStream(ex);
        try {
            String id = images.importImage(ex.bodyStream(), q.nonEmpty("repo"), q.nonEmpty("tag"), q.all("changes"),
                    q.nonEmpty("message"), q.nonEmpty("platform"), progress);
            progress.line(Map.of("status", id));
            progress.end();
        } catch (RuntimeException e) {
            if (!progress.fail(e)) {
                throw e;
            }
        }
    }
}
