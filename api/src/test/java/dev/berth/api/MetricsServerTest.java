package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesMetricsRenderedOnEachScrapeAnd404Elsewhere() throws Exception {
        AtomicInteger scrapes = new AtomicInteger();
        try (MetricsServer server = new MetricsServer("127.0.0.1:0",
                () -> "# HELP m M.\n# TYPE m counter\nm " + scrapes.incrementAndGet() + "\n")) {
            server.start();
            URI base = URI.create("http://127.0.0.1:" + server.boundAddress().getPort());
            HttpResponse<String> first = get(base.resolve("/metrics"));
            assertEquals(200, first.statusCode());
            assertEquals(MetricsText.CONTENT_TYPE, first.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(first.body().endsWith("m 1\n"), first.body());
            assertTrue(get(base.resolve("/metrics")).body().endsWith("m 2\n"));
            HttpResponse<String> other = get(base.resolve("/"));
            assertEquals(404, other.statusCode());
            assertEquals("404 page not found\n", other.body());
        }
    }

    @Test
    void anAddressInUseFailsTheStartNamingIt() throws Exception {
        try (MetricsServer first = new MetricsServer("127.0.0.1:0", () -> "")) {
            first.start();
            String taken = "127.0.0.1:" + first.boundAddress().getPort();
            try (MetricsServer second = new MetricsServer(taken, () -> "")) {
                IOException e = assertThrows(IOException.class, second::start);
                assertTrue(e.getMessage().startsWith("cannot listen on metrics-addr " + taken + ": "), e.getMessage());
            }
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
