package dev.berth.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Finds the route for a method and an unversioned path; first match wins, so order matters. Each
 * request tries only the routes that can match it: those of its method whose pattern starts with its
 * path's first segment (or whose first segment is no literal), in their order. A scan of every
 * pattern made a Matcher per route, some 60 for an inspect.
 */
final class Router {
    private final Map<HttpMethod, Map<String, List<Route>>> bySegment = new HashMap<>();
    private final Map<HttpMethod, List<Route>> unsegmented = new HashMap<>();

    record Match(Route route, Matcher params) {}

    Router(List<Route> routes) {
        for (Route route : routes) {
            String segment = literalSegment(route.pattern().pattern());
            Map<String, List<Route>> segments = bySegment.computeIfAbsent(route.method(), m -> new HashMap<>());
            if (segment == null) {
                // may match any first segment: tried after the literal routes declared before it, as before
                unsegmented.computeIfAbsent(route.method(), m -> new ArrayList<>()).add(route);
                segments.values().forEach(list -> list.add(route));
            } else {
                segments.computeIfAbsent(segment, s -> new ArrayList<>(
                        unsegmented.getOrDefault(route.method(), List.of()))).add(route);
            }
        }
    }

    Match match(HttpMethod method, String path) {
        Map<String, List<Route>> segments = bySegment.get(method);
        if (segments == null) {
            return null;
        }
        List<Route> candidates = segments.get(firstSegment(path));
        if (candidates == null) {
            candidates = unsegmented.getOrDefault(method, List.of());
        }
        for (Route route : candidates) {
            Matcher m = route.pattern().matcher(path);
            if (m.matches()) {
                return new Match(route, m);
            }
        }
        return null;
    }

    /** The pattern's first path segment when it is plain text ("/containers/…" → containers), else null. */
    static String literalSegment(String regex) {
        if (!regex.startsWith("/")) {
            return null;
        }
        int i = 1;
        while (i < regex.length() && plain(regex.charAt(i))) {
            i++;
        }
        if (i == 1 || i < regex.length() && regex.charAt(i) != '/') {
            return null;
        }
        return regex.substring(1, i);
    }

    private static boolean plain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static String firstSegment(String path) {
        int end = path.indexOf('/', 1);
        return path.length() < 1 ? "" : path.substring(path.startsWith("/") ? 1 : 0, end < 0 ? path.length() : end);
    }
}
