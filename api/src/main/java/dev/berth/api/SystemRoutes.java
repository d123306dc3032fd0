package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.HEAD;

import dev.berth.api.backend.Filters;
import dev.berth.api.backend.StreamHandle;
import dev.berth.api.backend.SystemBackend;
import dev.berth.api.model.EventMessage;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** /_ping, /version, /info, /events, and Berth's /berth/plugins, /berth/history/export and /berth/history. */
final class SystemRoutes {
    private static final Set<String> EVENT_FILTERS = Set.of("config", "container", "daemon", "event", "image",
            "label", "network", "node", "plugin", "scope", "secret", "service", "type", "volume");

    static final String BERTH_PLUGINS = "/berth/plugins";
    static final String BERTH_HISTORY_EXPORT = "/berth/history/export";
    /** Lines are sent in chunks of about this size: one flush per event would cost more than the read. */
    private static final int EXPORT_CHUNK = 64 * 1024;
    static final String BERTH_HISTORY = "/berth/history";

    private static final byte[] PING_BODY = "OK".getBytes(StandardCharsets.US_ASCII);
    private static final String PING_TYPE = "text/plain; charset=utf-8";
    // dockerd's, in its order: the CLI reads Builder-Version and Swarm; no cache may keep a ping
    private static final Map<String, String> PING_EXTRA = orderedPairs("Builder-Version", "1", "Swarm", "inactive",
            "Cache-Control", "no-cache, no-store, must-revalidate", "Pragma", "no-cache");

    private final SystemBackend system;
    // made by the first ping (the routes exist before the server's Responses); event loops share them
    private volatile PingHeaders ping;
    // /version's bytes, rendered once (SystemBackend#version is constant): later ones answer on the event loop
    private volatile byte[] versionJson;

    private record PingHeaders(HttpHeaders get, HttpHeaders head) {}

    SystemRoutes(SystemBackend system) {
        this.system = system;
    }

    private static Map<String, String> orderedPairs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    List<Route> routes() {
        return List.of(
                Route.of(GET, "/_ping", this::ping).inline(),
                Route.of(HEAD, "/_ping", this::ping).inline(),
                Route.of(GET, "/version", this::version).inlineWhen(q -> versionJson != null),
                Route.of(GET, "/info", ex -> ex.json(HttpResponseStatus.OK, system.info())),
                // Berth's own: dockerd's /plugins is for managed plugins, which Berth's jars are not
                Route.of(GET, BERTH_PLUGINS, ex -> ex.json(HttpResponseStatus.OK, system.plugins())),
                Route.of(GET, BERTH_HISTORY_EXPORT, this::exportHistory),
                // Berth's own: one object's journaled events (berth history --events), removed ones too
                Route.of(GET, BERTH_HISTORY + "/(?<type>[a-z]+)/(?<ref>.+)", ex ->
                        ex.json(HttpResponseStatus.OK, system.history(ex.param("type"), ex.param("ref")))),
                Route.of(GET, "/events", this::events).honours("since", "until", "filters")
                        .extension("after").filters(EVENT_FILTERS, Set.of()));
    }

    private void ping(Exchange ex) {
        boolean head = ex.method().equals(HttpMethod.HEAD);
        PingHeaders h = ping;
        if (h == null) {
            h = new PingHeaders(ex.responses().constantHeaders(PING_TYPE, PING_BODY, PING_EXTRA),
                    ex.responses().constantHeaders(PING_TYPE, null, PING_EXTRA));
            ping = h;
        }
        ex.respond(head ? Responses.constant(HttpResponseStatus.OK, h.head(), null)
                : Responses.constant(HttpResponseStatus.OK, h.get(), PING_BODY));
    }

    private void version(Exchange ex) {
        byte[] json = versionJson;
        if (json == null) {
            json = Json.write(system.version());
            versionJson = json;
        }
        ex.text(HttpResponseStatus.OK, Responses.JSON, json);
    }

    private void exportHistory(Exchange ex) {
        ChunkedStream out = ex.stream(HttpResponseStatus.OK, "application/x-ndjson");
        var buffer = new ByteArrayOutputStream(EXPORT_CHUNK + 4096);
        StreamHandle handle = system.exportHistory(new SystemBackend.HistorySink() {
            @Override
            public boolean line(byte[] line) {
                buffer.write(line, 0, line.length);
                buffer.write('\n');
                if (buffer.size() < EXPORT_CHUNK) {
                    return true;
                }
                boolean open = out.write(buffer.toByteArray());
                buffer.reset();
                return open;
            }

            @Override
            public void end() {
                out.write(buffer.toByteArray());
                out.end();
            }
        });
        ex.onClose(handle::close);
    }

    private void events(Exchange ex) {
        Query q = ex.query();
        Instant since = Timestamps.parse("since", q.nonEmpty("since"));
        Instant until = Timestamps.parse("until", q.nonEmpty("until"));
        Filters filters = q.filters();
        String after = q.nonEmpty("after");
        if (after != null) {
            system.checkCursor(after); // before the 200 is sent: a bad cursor is a 400
        }
        ChunkedStream out = ex.stream(HttpResponseStatus.OK, Responses.JSON);
        StreamHandle handle = system.events(since, until, after, filters, new SystemBackend.EventSink() {
            @Override
            public boolean event(EventMessage message) {
                return out.write(Json.line(message));
            }

            @Override
            public void end() {
                out.end();
            }
        });
        ex.onClose(handle::close);
    }
}
