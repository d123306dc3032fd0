package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.model.WaitResponse;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ContainerStreamRoutesTest extends ServerFixture {

    @Test
    void logs_nonTty_isMultiplexedWithEightByteHeaders() throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            RawHttp.Head head = c.send("GET", "/v1.50/containers/web/logs?stdout=1&stderr=1&tail=all", null, null).readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("application/vnd.docker.multiplexed-stream");
            byte[] body = c.readBody(head);
            byte[] expected = concat(
                    new byte[] {1, 0, 0, 0, 0, 0, 0, 6}, "hello\n".getBytes(StandardCharsets.US_ASCII),
                    new byte[] {2, 0, 0, 0, 0, 0, 0, 5}, "oops\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(body).isEqualTo(expected);
        }
        assertThat(containers.lastLogOptions.tail()).isEqualTo(-1);
    }

    @Test
    void logs_tty_isRawWithTimestamps() throws Exception {
        HttpResponse<String> r = get("/containers/term/logs?stdout=1&timestamps=1&tail=10");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.docker.raw-stream");
        assertThat(r.body()).isEqualTo("2024-05-06T07:08:09.123456789Z hello\n2024-05-06T07:08:09.123456789Z oops\n");
        assertThat(containers.lastLogOptions.tail()).isEqualTo(10);
    }

    @Test
    void logs_olderClient_getsRawStreamContentTypeButFrames() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/v1.41/containers/web/logs?stdout=1")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.docker.raw-stream");
        assertThat(r.body()[0]).isEqualTo((byte) 1);
    }

    @Test
    void logs_noStreamChosen_is400() throws Exception {
        HttpResponse<String> r = get("/containers/web/logs");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("you must choose at least one stream");
    }

    @Test
    void halfCloseAfterAWholeRequest_theAnswerStillComes_thenTheConnectionCloses() throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            c.send("GET", "/containers/web/json", null, null);
            c.shutdownOutput(); // as `nc` does once its input ends
            RawHttp.Head head = c.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(new String(c.readBody(head), StandardCharsets.UTF_8)).contains("\"Id\"");
            assertThat(c.readToEnd()).isEmpty();
        }
    }

    @Test
    void halfCloseInTheMiddleOfABody_is400UnexpectedEof() throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            c.send("POST", "/containers/create", "Content-Type: application/json\r\nContent-Length: 100\r\n", null);
            c.shutdownOutput();
            RawHttp.Head head = c.readHead();
            assertThat(head.status()).isEqualTo(400);
            assertThat(new String(c.readBody(head), StandardCharsets.UTF_8)).contains("unexpected EOF");
        }
    }

    @Test
    void logs_follow_clientGone_closesBackendStream() throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            assertThat(c.send("GET", "/containers/web/logs?stdout=1&follow=1", null, null).readHead().status()).isEqualTo(200);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!containers.logsClosed.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(containers.logsClosed).isTrue();
    }

    @Test
    void wait_sendsHeadersBeforeTheContainerExits() throws Exception {
        CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(
                HttpRequest.newBuilder(uri("/v1.50/containers/web/wait?condition=next-exit"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> r = pending.get(5, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(containers.waitResult).isNotDone();
        containers.waitResult.complete(WaitResponse.exited(3));
        JsonNode body = Json.MAPPER.readTree(r.body().readAllBytes());
        assertThat(body.path("StatusCode").asInt()).isEqualTo(3);
        assertThat(body.has("Error")).isFalse();
    }

    @Test
    void wait_unknownContainer_is404BeforeHeaders() throws Exception {
        assertThat(post("/containers/nope/wait", null).statusCode()).isEqualTo(404);
    }

    @Test
    void wait_backendRefusesCondition_is400WithItsMessageBeforeHeaders() throws Exception {
        HttpResponse<String> r = post("/containers/web/wait?condition=soon", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("invalid condition: \\\"soon\\\"");
    }

    @Test
    void attach_withUpgrade_answers101ThenFramesThenCloses() throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            RawHttp.Head head = c.send("POST", "/v1.50/containers/web/attach?stream=1&stdout=1&stderr=1",
                    "Connection: Upgrade\r\nUpgrade: tcp\r\n", new byte[0]).readHead();
            assertThat(head.statusLine()).isEqualTo("HTTP/1.1 101 UPGRADED");
            assertThat(head.header("Content-Type")).isEqualTo("application/vnd.docker.multiplexed-stream");
            assertThat(head.header("Connection")).isEqualTo("Upgrade");
            assertThat(head.header("Upgrade")).isEqualTo("tcp");
            byte[] rest = c.readToEnd();
            assertThat(rest).isEqualTo(concat(new byte[] {1, 0, 0, 0, 0, 0, 0, 9},
                    "attached\n".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void attach_withoutUpgrade_answers200ThenRawStream() throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            RawHttp.Head head = c.send("POST", "/containers/term/attach?stream=1&stdout=1", null, new byte[0]).readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("application/vnd.docker.raw-stream");
            assertThat(new String(c.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("attached\n");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void attach_stdin_clientBytesReachTheBackendInOrder_halfCloseEndsInput() throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            RawHttp.Head head = c.send("POST", "/v1.50/containers/web/attach?stream=1&stdin=1&stdout=1&stderr=1",
                    "Connection: Upgrade\r\nUpgrade: tcp\r\n", new byte[0]).readHead();
            assertThat(head.status()).isEqualTo(101);
            c.out.write("hel".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            Thread.sleep(50);
            c.out.write("lo\n".getBytes(StandardCharsets.US_ASCII));
            c.shutdownOutput();
            // the fake echoes what it got once input ended; output still flows after the half-close
            byte[] rest = c.readToEnd();
            assertThat(rest).isEqualTo(concat(new byte[] {1, 0, 0, 0, 0, 0, 0, 6},
                    "hello\n".getBytes(StandardCharsets.US_ASCII)));
        }
        assertThat(containers.inputClosed).isTrue();
        assertThat(containers.inputChunks.get()).isBetween(1, 2);
        awaitTrue(containers.attachClosed);
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void attach_stdin_tty_rawEchoOverUnixSocket() throws Exception {
        try (RawHttp c = RawHttp.unix(socket)) {
            RawHttp.Head head = c.send("POST", "/containers/term/attach?stream=1&stdin=1&stdout=1",
                    "Connection: Upgrade\r\nUpgrade: tcp\r\n", new byte[0]).readHead();
            assertThat(head.header("Content-Type")).isEqualTo("application/vnd.docker.raw-stream");
            byte[] big = new byte[3 * HijackedHandler.HIGH_WATER];
            java.util.Arrays.fill(big, (byte) 'x');
            c.out.write(big);
            c.shutdownOutput();
            byte[] echoed = c.readToEnd();
            assertThat(echoed.length).isEqualTo(big.length);
            assertThat(echoed).containsOnly((byte) 'x');
        }
    }

    @Test
    void resize_passesHeightAndWidth() throws Exception {
        HttpResponse<String> r = post("/v1.50/containers/term/resize?h=30&w=100", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(containers.lastResize).isEqualTo("30x100");
    }

    @Test
    void resize_badOrMissingSize_is400_unknownContainer_is404() throws Exception {
        assertThat(post("/containers/term/resize?h=x&w=100", null).statusCode()).isEqualTo(400);
        assertThat(post("/containers/term/resize?w=100", null).statusCode()).isEqualTo(400);
        assertThat(post("/containers/nope/resize?h=1&w=1", null).statusCode()).isEqualTo(404);
    }

    private static void awaitTrue(java.util.concurrent.atomic.AtomicBoolean flag) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!flag.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(flag).isTrue();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
