package dev.berth.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.regex.Matcher;

/** Finds the route for a method and an unversioned path; first match wins, so order matters. */
final class Router {
    private final List<Route> routes;

    record Match(Route route, Matcher params) {}

    Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    Match match(HttpMethod method, String path) {
        for (Route route : routes) {
            if (!route.method().equals(method)) {
                continue;
            }
            Matcher m = route.pattern().matcher(path);
            if (m.matches()) {
                return new Match(route, m);
            }
        }
        return null;
    }
}
