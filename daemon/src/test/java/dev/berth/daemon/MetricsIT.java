package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code metrics-addr}: berthd serves Prometheus text on its own loopback port, and what the docker CLI
 * does shows in it as exact deltas: requests by route and status, containers by state.
 */
@Timeout(300)
class MetricsIT {
    private static final String PS = "berth_api_requests_total{method=\"GET\",route=\"/containers/json\",code=\"200\"}";
    private static final String INSPECT_404 =
            "berth_api_requests_total{method=\"GET\",route=\"/containers/{id}/json\",code=\"404\"}";
    private static final String CREATE_201 =
            "berth_api_requests_total{method=\"POST\",route=\"/containers/create\",code=\"201\"}";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void dockerCliCallsMoveTheCounts() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        try (BerthdProcess d = BerthdProcess.start("{\"metrics-addr\": \"127.0.0.1:" + port + "\"}")) {
            try {
                Path tar = BerthdProcess.busyboxTar();
                ok(d.docker("import", tar.toString(), "busybox"));

                HttpResponse<String> first = http.send(HttpRequest.newBuilder(metrics).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(first.statusCode()).isEqualTo(200);
                assertThat(first.headers().firstValue("Content-Type"))
                        .hasValue("text/plain; version=0.0.4; charset=utf-8");
                String before = first.body();
                assertThat(before).contains("# TYPE berth_containers gauge\n", "# TYPE berth_api_requests_total counter\n",
                        "# TYPE berth_journal_write_duration_seconds histogram\n");
                assertThat(value(before, "berth_images")).isEqualTo(1);
                assertThat(value(before, "berth_containers{state=\"running\"}")).isZero();
                assertThat(value(before, "berth_networks")).isGreaterThanOrEqualTo(3); // bridge, host, none
                assertThat(value(before, "process_resident_memory_bytes")).isGreaterThan(10_000_000);
                assertThat(value(before, "process_open_fds")).isGreaterThan(5);
                assertThat(value(before, "process_threads")).isGreaterThan(5);
                double now = System.currentTimeMillis() / 1000.0;
                assertThat(value(before, "process_start_time_seconds")).isBetween(now - 600, now);

                ok(d.docker("run", "-d", "--name", "metrics-up", "busybox", "sleep", "1000"));
                ok(d.docker("create", "--name", "metrics-made", "busybox", "true"));
                ok(d.docker("run", "--name", "metrics-done", "busybox", "true"));
                ok(d.docker("ps"));
                ok(d.docker("ps"));
                Result missing = d.docker("container", "inspect", "metrics-nosuch");
                assertThat(missing.exitCode()).isNotZero();
                assertThat(missing.err()).contains("No such container: metrics-nosuch");

                String after = scrape(metrics);
                assertThat(value(after, PS) - value(before, PS)).isEqualTo(2);
                assertThat(value(after, INSPECT_404) - value(before, INSPECT_404)).isEqualTo(1);
                assertThat(value(after, CREATE_201) - value(before, CREATE_201)).isEqualTo(3);
                assertThat(value(after, "berth_containers{state=\"running\"}")).isEqualTo(1);
                assertThat(value(after, "berth_containers{state=\"created\"}")).isEqualTo(1);
                assertThat(value(after, "berth_containers{state=\"exited\"}")).isEqualTo(1);
                assertThat(value(after, "berth_containers{state=\"paused\"}")).isZero();
                assertThat(value(after, "berth_events_journaled_total{entity=\"container\"}")
                        - value(before, "berth_events_journaled_total{entity=\"container\"}")).isGreaterThanOrEqualTo(3);
                assertThat(value(after, "berth_journal_write_duration_seconds_count"))
                        .isGreaterThan(value(before, "berth_journal_write_duration_seconds_count"));
                assertThat(value(after, "berth_journal_write_duration_seconds_bucket{le=\"+Inf\"}"))
                        .isEqualTo(value(after, "berth_journal_write_duration_seconds_count"));
                assertThat(after).contains("berth_journal_write_duration_seconds_bucket{le=\"0.0005\"} ");

                ok(d.docker("pause", "metrics-up"));
                String paused = scrape(metrics);
                assertThat(value(paused, "berth_containers{state=\"running\"}")).isZero();
                assertThat(value(paused, "berth_containers{state=\"paused\"}")).isEqualTo(1);
                // the metrics listener is not the API: scraping it counted nothing, and its other paths are 404
                assertThat(value(paused, PS)).isEqualTo(value(after, PS));
                HttpResponse<String> other = http.send(HttpRequest.newBuilder(metrics.resolve("/containers/json")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(other.statusCode()).isEqualTo(404);
            } finally {
                d.docker("rm", "-f", "metrics-up", "metrics-made", "metrics-done");
            }
        }
    }

    private String scrape(URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The sample's value; 0 when the series is absent (a counter not yet incremented has no line). */
    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }
}
