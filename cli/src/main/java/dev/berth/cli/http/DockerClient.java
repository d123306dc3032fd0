package dev.berth.cli.http;

import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.Map;

/** Docker Engine API calls under {@code /v1.50}; any status of 400 and above becomes a {@link DaemonException}. */
public final class DockerClient {
    public static final String API_VERSION = "1.50";
    private static final String PREFIX = "/v" + API_VERSION;
    private final HttpTransport transport;

    public DockerClient(HttpTransport transport) {
        this.transport = transport;
    }

    public Endpoint endpoint() {
        return transport.endpoint();
    }

    /** Sends a request and returns the open response, its body not yet read. */
    public HttpResponse call(String method, String path, Body body) throws IOException {
        HttpResponse r = transport.send(method, PREFIX + path, Map.of(), body);
        if (r.status() >= 400) throw errorOf(r);
        return r;
    }

    /** As {@link #call(String, String, Body)}, with extra request headers (X-Registry-Auth). */
    public HttpResponse call(String method, String path, Map<String, String> headers, Body body) throws IOException {
        HttpResponse r = transport.send(method, PREFIX + path, headers, body);
        if (r.status() >= 400) throw errorOf(r);
        return r;
    }

    public Object get(String path) throws IOException {
        try (HttpResponse r = call("GET", path, Body.NONE)) {
            return r.json();
        }
    }

    /** The body of a GET as the daemon sent it (de-chunked), not parsed. */
    public byte[] getBytes(String path) throws IOException {
        try (HttpResponse r = call("GET", path, Body.NONE)) {
            return r.bytes();
        }
    }

    public Object post(String path, Object json) throws IOException {
        Body body = json == null ? Body.NONE : Body.json(Json.write(json));
        try (HttpResponse r = call("POST", path, body)) {
            return r.json();
        }
    }

    public Object delete(String path) throws IOException {
        try (HttpResponse r = call("DELETE", path, Body.NONE)) {
            return r.json();
        }
    }

    /**
     * Upgrades the connection to a raw stream (attach, exec start). A {@code 200} is accepted as
     * well, as the docker client does for daemons that answer before upgrading.
     */
    public HttpResponse hijack(String path, Body body) throws IOException {
        HttpResponse r = transport.send("POST", PREFIX + path,
                Map.of("Connection", "Upgrade", "Upgrade", "tcp"), body);
        if (r.status() >= 400) throw errorOf(r);
        return r;
    }

    static DaemonException errorOf(HttpResponse r) throws IOException {
        String text;
        try {
            text = r.text();
        } finally {
            r.close();
        }
        String message = text.trim();
        try {
            Object parsed = Json.parse(text);
            Object m = Json.path(parsed, "message");
            if (m != null) message = m.toString();
        } catch (RuntimeException notJson) {
            // keep the raw text
        }
        if (message.isEmpty()) message = "HTTP " + r.status();
        return new DaemonException(r.status(), message);
    }
}
