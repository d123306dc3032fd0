package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.HEAD;

import dev.berth.api.backend.Filters;
import dev.berth.api.backend.StreamHandle;
import dev.berth.api.backend.SystemBackend;
import dev.berth.api.model.EventMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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

    private final SystemBackend system;

    SystemRoutes(SystemBackend system) {
        this.system = system;
    }

    List<Route> routes() {
        return List.of(
                Route.of(GET, "/_ping", this::ping).inline(),
                Route.of(HEAD, "/_ping", this::ping).inline(),
                Route.of(GET, "/version", ex -> ex.json(HttpResponseStatus.OK, system.version())),
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
        byte[] body = head ? null : "OK".getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse r = ex.responses().full(HttpResponseStatus.OK, "text/plain; charset=utf-8", body);
        r.headers().set("Builder-Version", "1");
        r.headers().set("Swarm", "inactive");
        r.headers().set("Cache-Control", "no-cache, no-store, must-revalidate");
        r.headers().set("Pragma", "no-cache");
        ex.respond(r);
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
