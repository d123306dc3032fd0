package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * Docker's managed plugins, which dockerd serves outside swarm mode too. Berth installs none (its
 * drivers are jars found by ServiceLoader), so the list is empty, a named plugin is moby's 404, and
 * installing one is 501.
 */
final class PluginRoutes {
    static final String NOT_SUPPORTED = "managed plugins are not supported by Berth yet";

    private static final ApiVersion UPGRADE = new ApiVersion(1, 26);
    private static final String NAME = "/plugins/(?<name>.+)";

    List<Route> routes() {
        return List.of(
                Route.of(GET, "/plugins", ex -> ex.json(HttpResponseStatus.OK, List.of())).inline(),
                notImplemented(GET, "/plugins/privileges"),
                notImplemented(POST, "/plugins/pull"),
                notImplemented(POST, "/plugins/create"),
                notFound(GET, NAME + "/json"),
                notFound(POST, NAME + "/enable"),
                notFound(POST, NAME + "/disable"),
                notFound(POST, NAME + "/push"),
                notFound(POST, NAME + "/upgrade").since(UPGRADE),
                notFound(POST, NAME + "/set"),
                notFound(DELETE, NAME));
    }

    private static Route notImplemented(HttpMethod method, String path) {
        return Route.of(method, path, ex -> {
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED, NOT_SUPPORTED);
        }).inline();
    }

    private static Route notFound(HttpMethod method, String path) {
        return Route.of(method, path, ex -> {
            throw EngineException.notFound("plugin \"" + ex.param("name") + "\" not found");
        }).inline();
    }
}
