package dev.berth.daemon;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Malformed requests for {@link ApiFuzzIT}, drawn from a seeded {@link Random} so a failure can be
 * replayed: each is raw bytes for one connection and what it tries. None of them can be a valid
 * request that changes state: bodies are broken or of the wrong type, query values are not values,
 * versions and paths do not exist, uploads are truncated.
 *
 * @param kind       what the request tries (the IT counts statuses per kind)
 * @param bytes      everything written on the connection
 * @param closeEarly the client half-closes right after writing (a truncated upload)
 */
record FuzzRequests(String kind, byte[] bytes, boolean closeEarly) {

    /** Routes that change state, with JSON bodies Berth parses. */
    private static final List<String> BODY_ROUTES = List.of(
            "/containers/create", "/containers/create?name=fz", "/containers/keep/exec", "/containers/keep/update",
            "/networks/create", "/networks/keepnet/connect", "/networks/keepnet/disconnect", "/volumes/create",
            "/exec/0000/start", "/commit?container=keep", "/auth");

    /** Non-boolean query parameters given values that are not values (Docker reads any bool as true). */
    private static final List<String> QUERY_ROUTES = List.of(
            "GET /containers/json?limit=", "GET /containers/json?filters=", "GET /images/json?filters=",
            "GET /containers/keep/logs?since=", "GET /containers/keep/logs?until=", "POST /containers/keep/stop?t=",
            "POST /containers/keep/restart?t=", "POST /containers/keep/kill?signal=", "POST /containers/keep/resize?h=",
            "POST /containers/keep/wait?condition=", "GET /containers/keep/archive?path=", "GET /networks?filters=",
            "GET /volumes?filters=", "POST /containers/prune?filters=", "POST /networks/prune?filters=",
            "POST /volumes/prune?filters=", "POST /images/prune?filters=", "GET /containers/keep/top?ps_args=",
            "GET /events?since=1&until=");

    private static final List<String> NAMES = List.of(
            "..", "../..", "%2e%2e", "..%2f..%2fetc", "%00", "a%00b", "/etc/passwd", "....//", "%ff%fe",
            "x".repeat(5000), "keep/../../../etc", "%252e%252e", "%C3%A9%C3%A8", "*", "keep%20", "%2fetc%2fshadow");

    /** Never JSON at all, or JSON of the wrong shape for any body. */
    private static final String[] NOT_A_BODY = {
        "{", "}", "[", "nul", "{\"a\":1,}", "{'Image':'busybox'}", "{\"Image\":\"busybox\"", "\u0000\u0001\u0002",
        "\"string\"", "1e309", "[[[[[[[[[[[[[[[[", "{\"Image\":", "tru", "{\"x\":\"\\ud800\"", "{\"Cmd\":[\"a\",]}",
    };

    /** Well-formed JSON whose known fields have the wrong types. */
    private static final String[] WRONG_TYPES = {
        "{\"Image\":5}", "{\"Image\":[]}", "{\"Image\":\"busybox\",\"HostConfig\":\"x\"}",
        "{\"Image\":\"busybox\",\"Cmd\":{}}", "{\"Image\":\"busybox\",\"Env\":\"A=1\"}",
        "{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":\"lots\"}}",
        "{\"Image\":\"busybox\",\"HostConfig\":{\"PortBindings\":{\"80/tcp\":5}}}",
        "{\"Image\":\"busybox\",\"Labels\":{\"a\":[1]}}", "{\"Image\":\"busybox\",\"HostConfig\":{\"Binds\":\"/:/x\"}}",
        // scalars of another type, which Jackson would coerce ("1024" → 1024, 5 → "5", 1 → true)
        "{\"Image\":true}", "{\"Image\":\"busybox\",\"Tty\":\"yes\"}", "{\"Image\":\"busybox\",\"Tty\":1}",
        "{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":\"1024\"}}",
        "{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":1.5}}", "{\"Image\":\"busybox\",\"Env\":[1]}",
    };

    static FuzzRequests next(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> notHttp(r);
            case 1 -> hugeHeaders(r);
            case 2 -> hugeRequestLine(r);
            case 3, 4 -> badJson(r);
            case 5, 6 -> badQuery(r);
            case 7 -> badVersion(r);
            case 8 -> traversal(r);
            case 9 -> truncated(r);
            case 10 -> hugeBody(r);
            default -> badHeaders(r);
        };
    }

    private static FuzzRequests notHttp(Random r) {
        byte[] junk = new byte[1 + r.nextInt(300)];
        r.nextBytes(junk);
        if (r.nextBoolean()) {
            // printable junk that looks like a line, then the blank line that ends a head
            String text = "GIBBERISH " + r.nextLong() + " \u0001 NOT/HTTP/9\r\n\r\n";
            return new FuzzRequests("not-http", text.getBytes(StandardCharsets.ISO_8859_1), false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(junk);
        out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return new FuzzRequests("not-http", out.toByteArray(), false);
    }

    private static FuzzRequests hugeHeaders(Random r) {
        StringBuilder head = new StringBuilder("GET /_ping HTTP/1.1\r\nHost: berth\r\n");
        int target = 300 * 1024 + r.nextInt(200 * 1024);
        int i = 0;
        while (head.length() < target) {
            head.append("X-Fuzz-").append(i++).append(": ").append("v".repeat(1000)).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return new FuzzRequests("huge-headers", head.toString().getBytes(StandardCharsets.US_ASCII), false);
    }

    private static FuzzRequests hugeRequestLine(Random r) {
        String path = "/containers/json?filters=" + "a".repeat(70 * 1024 + r.nextInt(30 * 1024));
        return request("huge-request-line", "GET", path, null, null);
    }

    private static FuzzRequests badJson(Random r) {
        String route = BODY_ROUTES.get(r.nextInt(BODY_ROUTES.size()));
        String body = switch (r.nextInt(3)) {
            case 0 -> NOT_A_BODY[r.nextInt(NOT_A_BODY.length)];
            case 1 -> mutate(r, "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Memory\":1}}");
            default -> route.startsWith("/containers/create") ? WRONG_TYPES[r.nextInt(WRONG_TYPES.length)]
                    : NOT_A_BODY[r.nextInt(NOT_A_BODY.length)];
        };
        return request("bad-json", "POST", "/v1.47" + route, "application/json", body);
    }

    /** Cuts a valid body short, or puts two strings side by side in it: never valid JSON again. */
    private static String mutate(Random r, String valid) {
        int cut = 1 + r.nextInt(valid.length() - 2);
        return r.nextBoolean() ? valid.substring(0, cut) : valid.substring(0, cut) + "\"\"{[" + valid.substring(cut);
    }

    private static FuzzRequests badQuery(Random r) {
        String route = QUERY_ROUTES.get(r.nextInt(QUERY_ROUTES.size()));
        String[] values = {"maybe", "-1x", "1e400", "%zz", "{bad", "[]", "%00", "NaN", "99999999999999999999x", "%22",
            "{%22label%22:%22x%22}", "{%22nope%22:{%22x%22:true}}", "%7B%22until%22%3A5%7D", "%3Brm%20-rf%20/",
            "t".repeat(2000), "99999999999999999999", "{%22reference%22:[%22[%22]}"};
        String value = values[r.nextInt(values.length)];
        int space = route.indexOf(' ');
        return request("bad-query", route.substring(0, space), "/v1.47" + route.substring(space + 1) + value, null, null);
    }

    private static FuzzRequests badVersion(Random r) {
        String[] versions = {"v0.1", "v1.11", "v99.0", "vabc", "v1.", "v-1.40", "v1.47-rc", "V1.47", "v1.4e7", "v"};
        String[] paths = {"/containers/json", "/containers/create", "/info", "/networks/create", "/volumes/create"};
        String path = "/" + versions[r.nextInt(versions.length)] + paths[r.nextInt(paths.length)];
        return path.endsWith("create")
                ? request("bad-version", "POST", path, "application/json", "{}")
                : request("bad-version", "GET", path, null, null);
    }

    private static FuzzRequests traversal(Random r) {
        String name = NAMES.get(r.nextInt(NAMES.size()));
        return switch (r.nextInt(6)) {
            case 0 -> request("traversal", "GET", "/v1.47/containers/" + name + "/json", null, null);
            case 1 -> request("traversal", "DELETE", "/v1.47/containers/" + name + "?force=1", null, null);
            case 2 -> request("traversal", "GET", "/v1.47/containers/keep/archive?path=/" + name + "/nope", null, null);
            case 3 -> request("traversal", "DELETE", "/v1.47/volumes/" + name, null, null);
            case 4 -> request("traversal", "POST", "/v1.47/containers/create?name=" + name, "application/json",
                    "{\"Image\":\"no-such-image-" + r.nextInt(1000) + "\"}");
            default -> request("traversal", "PUT", "/v1.47/containers/keep/archive?path=/" + name + "/x",
                    "application/x-tar", "not a tar at all");
        };
    }

    private static FuzzRequests truncated(Random r) {
        String route = r.nextBoolean() ? "/v1.47/containers/create" : "/v1.47/containers/keep/archive?path=/tmp";
        String method = route.contains("archive") ? "PUT" : "POST";
        String body = "{\"Image\":\"busybox\",\"Cmd\":[\"sh\"";
        String head = method + " " + route + " HTTP/1.1\r\nHost: berth\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (body.length() + 100 + r.nextInt(1000)) + "\r\nConnection: close\r\n\r\n";
        return new FuzzRequests("truncated", (head + body).getBytes(StandardCharsets.US_ASCII), true);
    }

    private static FuzzRequests hugeBody(Random r) {
        // declared, not sent: the server must refuse the length without waiting for the body
        String route = BODY_ROUTES.get(r.nextInt(BODY_ROUTES.size()));
        String head = "POST /v1.47" + route + " HTTP/1.1\r\nHost: berth\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (200L * 1024 * 1024 + r.nextInt(1000)) + "\r\nConnection: close\r\n\r\n{\"Image\":";
        return new FuzzRequests("huge-body", head.getBytes(StandardCharsets.US_ASCII), false);
    }

    private static FuzzRequests badHeaders(Random r) {
        String[] heads = {
            "GET /_ping HTTP/1.1\r\nHost berth\r\n\r\n",
            "GET /_ping HTTP/1.1\r\nHost: berth\r\nContent-Length: -5\r\n\r\n",
            "POST /v1.47/containers/create HTTP/1.1\r\nHost: berth\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}",
            "POST /v1.47/containers/create HTTP/1.1\r\nHost: berth\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            "GET /_ping HTTP/7.3\r\nHost: berth\r\n\r\n",
            "BREW /_ping HTTP/1.1\r\nHost: berth\r\n\r\n",
            "GET _ping HTTP/1.1\r\nHost: berth\r\n\r\n",
            "GET /_ping HTTP/1.1\r\n: empty-name\r\n\r\n",
            "GET /_ping\u0000 HTTP/1.1\r\nHost: berth\r\n\r\n",
        };
        return new FuzzRequests("bad-headers", heads[r.nextInt(heads.length)].getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static FuzzRequests request(String kind, String method, String path, String type, String body) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: berth\r\n")
                .append("Connection: close\r\n");
        if (type != null) {
            head.append("Content-Type: ").append(type).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(payload);
        return new FuzzRequests(kind, out.toByteArray(), false);
    }
}
