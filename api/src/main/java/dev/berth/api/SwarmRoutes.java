package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;

/**
 * Swarm, nodes, services, tasks, secrets and configs, answered as dockerd answers them on a node that
 * is not in a swarm: 503 and moby's words (its cluster's "no manager" and "not part of a swarm"
 * errors). Clients rely on that: the Python SDK's tests leave swarm mode in their teardown and take
 * the 503 as "was not in one", where a 404 fails them. Berth has no swarm mode, so joining one is 501.
 */
final class SwarmRoutes {
    static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or "
            + "\"docker swarm join\" to connect this node to swarm and try again.";
    static final String NOT_IN_A_SWARM = "This node is not part of a swarm";
    static final String NO_SWARM_MODE = "swarm mode is not supported by Berth yet";

    private static final ApiVersion SECRETS = new ApiVersion(1, 25);
    private static final ApiVersion CONFIGS = new ApiVersion(1, 30);
    private static final String ID = "/(?<id>[^/]+)";

    List<Route> routes() {
        return List.of(
                refuse(POST, "/swarm/init", ErrorKind.NOT_IMPLEMENTED, NO_SWARM_MODE),
                refuse(POST, "/swarm/join", ErrorKind.NOT_IMPLEMENTED, NO_SWARM_MODE),
                refuse(POST, "/swarm/leave", ErrorKind.UNAVAILABLE, NOT_IN_A_SWARM),
                notManager(GET, "/swarm"),
                notManager(GET, "/swarm/unlockkey"),
                notManager(POST, "/swarm/update"),
                notManager(POST, "/swarm/unlock"),

                notManager(GET, "/services"),
                notManager(POST, "/services/create"),
                notManager(GET, "/services" + ID),
                notManager(POST, "/services" + ID + "/update"),
                notManager(DELETE, "/services" + ID),
                notManager(GET, "/services" + ID + "/logs"),

                notManager(GET, "/nodes"),
                notManager(GET, "/nodes" + ID),
                notManager(DELETE, "/nodes" + ID),
                notManager(POST, "/nodes" + ID + "/update"),

                notManager(GET, "/tasks"),
                notManager(GET, "/tasks" + ID),
                notManager(GET, "/tasks" + ID + "/logs"),

                notManager(GET, "/secrets").since(SECRETS),
                notManager(POST, "/secrets/create").since(SECRETS),
                notManager(GET, "/secrets" + ID).since(SECRETS),
                notManager(DELETE, "/secrets" + ID).since(SECRETS),
                notManager(POST, "/secrets" + ID + "/update").since(SECRETS),

                notManager(GET, "/configs").since(CONFIGS),
                notManager(POST, "/configs/create").since(CONFIGS),
                notManager(GET, "/configs" + ID).since(CONFIGS),
                notManager(DELETE, "/configs" + ID).since(CONFIGS),
                notManager(POST, "/configs" + ID + "/update").since(CONFIGS));
    }

    private static Route notManager(HttpMethod method, String path) {
        return refuse(method, path, ErrorKind.UNAVAILABLE, NOT_A_MANAGER);
    }

    private static Route refuse(HttpMethod method, String path, ErrorKind kind,
                                String message) {
        return Route.of(method, path, ex -> {
            throw new EngineException(kind, message);
        }).inline();
    }
}
