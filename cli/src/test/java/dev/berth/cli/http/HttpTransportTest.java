package dev.berth.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.FakeDaemon;
import dev.berth.cli.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void get_contentLength_readsJsonAndSendsHostAndVersionPrefix() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, "{\"ApiVersion\":\"1.50\"}"))) {
            DockerClient c = new DockerClient(new HttpTransport(Endpoint.parse(d.host())));
            assertThat(Json.str(c.get("/version"), "ApiVersion")).isEqualTo("1.50");
            assertThat(d.requests.get(0).target()).isEqualTo("/v1.50/version");
            assertThat(d.requests.get(0).head()).contains("Host: api.moby.localhost\r\n");
        }
    }

    @Test
    void bytes_readsTheWholeBody_thenTheConnectionIsClosed() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, "{\"Id\":\"a\"}"))) {
            HttpTransport t = new HttpTransport(Endpoint.parse(d.host()));
            HttpResponse r = t.send("GET", "/v1.50/containers/a/json", java.util.Map.of(), Body.NONE);
            assertThat(new String(r.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"Id\":\"a\"}");
            // closed (in non-blocking mode, which skips sun.nio.ch.Net) as soon as the body is read
            assertThatThrownBy(() -> r.output().write(1)).isInstanceOf(java.nio.channels.ClosedChannelException.class);
        }
    }

    @Test
    void get_chunkedBody_isDechunked() throws Exception {
        byte[] resp = b("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n[1,2,\r\n3\r\n3]\n\r\n0\r\n\r\n");
        try (FakeDaemon d = new FakeDaemon(r -> resp)) {
            DockerClient c = new DockerClient(new HttpTransport(Endpoint.parse(d.host())));
            assertThat(c.get("/containers/json")).isEqualTo(java.util.List.of(1L, 2L, 3L));
        }
    }

    @Test
    void call_errorStatus_throwsWithDaemonMessage() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(404, "{\"message\":\"No such container: x\"}"))) {
            DockerClient c = new DockerClient(new HttpTransport(Endpoint.parse(d.host())));
            assertThatThrownBy(() -> c.get("/containers/x/json")).isInstanceOfSatisfying(DaemonException.class, e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.getMessage()).isEqualTo("No such container: x");
            });
        }
    }

    @Test
    void hijack_101ThenFrames_demuxesStdoutAndStderr() throws Exception {
        byte[] resp = FakeDaemon.concat(
                b("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"),
                StreamDemux.frame(1, b("hello\n")), StreamDemux.frame(2, b("oops\n")), StreamDemux.frame(1, b("bye\n")));
        try (FakeDaemon d = new FakeDaemon(r -> resp)) {
            DockerClient c = new DockerClient(new HttpTransport(Endpoint.parse(d.host())));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (HttpResponse r = c.hijack("/containers/x/attach?stream=1&stdout=1&stderr=1", Body.NONE)) {
                assertThat(r.status()).isEqualTo(101);
                StreamDemux.demux(r.body(), out, err);
            }
            assertThat(out.toString()).isEqualTo("hello\nbye\n");
            assertThat(err.toString()).isEqualTo("oops\n");
            assertThat(d.requests.get(0).head()).contains("Connection: Upgrade\r\n").contains("Upgrade: tcp\r\n");
        }
    }

    @Test
    void send_streamedBody_isSentChunked() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, "{\"status\":\"sha256:abc\"}"))) {
            HttpTransport t = new HttpTransport(Endpoint.parse(d.host()));
            byte[] payload = new byte[200_000];
            for (int i = 0; i < payload.length; i++) payload[i] = (byte) i;
            try (HttpResponse r = t.send("POST", "/v1.50/images/create?fromSrc=-", java.util.Map.of(),
                    new Body.Streamed(new ByteArrayInputStream(payload), "application/x-tar"))) {
                assertThat(r.text()).contains("sha256:abc");
            }
            assertThat(d.requests.get(0).head()).contains("Transfer-Encoding: chunked");
            assertThat(d.requests.get(0).body()).isEqualTo(payload);
        }
    }

    @Test
    void send_noDaemon_saysCannotConnect() {
        HttpTransport t = new HttpTransport(Endpoint.parse("unix:///nonexistent/berth.sock"));
        assertThatThrownBy(() -> t.send("GET", "/_ping", java.util.Map.of(), Body.NONE))
                .isInstanceOf(DaemonUnreachableException.class)
                .hasMessage("Cannot connect to the Docker daemon at unix:///nonexistent/berth.sock. Is the docker daemon running?");
    }

    @Test
    void parse_hostForms_giveEndpoints() {
        assertThat(Endpoint.parse("unix:///run/x.sock").path()).isEqualTo("/run/x.sock");
        assertThat(Endpoint.parse("tcp://127.0.0.1:2375")).isEqualTo(new Endpoint("tcp", null, "127.0.0.1", 2375));
        assertThatThrownBy(() -> Endpoint.parse("ssh://x")).isInstanceOf(IllegalArgumentException.class);
    }
}
