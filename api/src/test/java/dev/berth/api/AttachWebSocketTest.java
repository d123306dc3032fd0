package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GET /containers/{id}/attach/ws with the JDK's WebSocket client over loopback TCP, against the fake backend. */
@Timeout(30)
class AttachWebSocketTest extends ServerFixture {

    @Test
    void outputOnly_arrivesUnframedInABinaryFrame_thenANormalClose() throws Exception {
        Frames got = new Frames();
        connect("/v1.50/containers/web/attach/ws?stream=1&stdout=1&stderr=1", got);
        assertThat(got.next()).isEqualTo("binary:attached\n");
        assertThat(got.next()).isEqualTo("close:1000");
    }

    @Test
    void stdin_textAndBinaryFramesReachTheContainer_closeFrameEndsInput() throws Exception {
        Frames got = new Frames();
        WebSocket ws = connect("/v1.50/containers/web/attach/ws?stream=1&stdin=1&stdout=1", got);
        ws.sendText("hel", true).get(5, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap("lo\n".getBytes(StandardCharsets.US_ASCII)), true).get(5, TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        // the fake echoes what it got once its input ended
        assertThat(got.next()).isEqualTo("binary:hello\n");
        assertThat(got.next()).isEqualTo("close:1000");
        assertThat(containers.inputClosed).isTrue();
    }

    @Test
    void before1_28_textFrames_andBefore1_42_allStreamsWhateverTheQuery() throws Exception {
        Frames got = new Frames();
        // stdin not asked for, but a 1.27 client gets it anyway (the fake echoes only with stdin)
        WebSocket ws = connect("/v1.27/containers/web/attach/ws?stream=1", got);
        ws.sendText("old\n", true).get(5, TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        assertThat(got.next()).isEqualTo("text:old\n");
        assertThat(got.next()).isEqualTo("close:1000");
    }

    @Test
    void ping_isAnsweredWithItsPayload_clientGone_closesTheAttach() throws Exception {
        Frames got = new Frames();
        WebSocket ws = connect("/v1.50/containers/web/attach/ws?stream=1&stdin=1&stdout=1", got);
        ws.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.US_ASCII))).get(5, TimeUnit.SECONDS);
        assertThat(got.next()).isEqualTo("pong:are you there");
        ws.abort();
        awaitTrue(containers.attachClosed);
    }

    @Test
    void frameOverTheLimit_closesTheConnection() throws Exception {
        Frames got = new Frames();
        WebSocket ws = connect("/v1.50/containers/web/attach/ws?stream=1&stdin=1&stdout=1", got);
        ws.sendBinary(ByteBuffer.allocate(WebSocketStream.MAX_FRAME + 1), true);
        // the server sends 1009 and closes while the client may still be writing: a reset can overtake the close frame
        assertThat(got.next()).matches("close:1009|error:.*");
        awaitTrue(containers.attachClosed);
        assertThat(containers.inputChunks.get()).isZero();
    }

    @Test
    void unknownContainer_is404BeforeTheUpgrade() {
        assertThatThrownBy(() -> connect("/containers/nope/attach/ws?stream=1", new Frames()))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void plainHttpRequest_is400_badDetachKeys_400InDockersWords() throws Exception {
        HttpResponse<String> plain = get("/containers/web/attach/ws?stream=1");
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).contains("not websocket protocol");
        HttpResponse<String> keys = get("/containers/web/attach/ws?stream=1&detachKeys=ctrl-xx");
        assertThat(keys.statusCode()).isEqualTo(400);
        assertThat(keys.body()).contains("Invalid detach keys (ctrl-xx) provided");
    }

    private static void awaitTrue(AtomicBoolean flag) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!flag.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(flag).isTrue();
    }

    private WebSocket connect(String path, Frames listener) throws Exception {
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), listener).get(10, TimeUnit.SECONDS);
    }

    /** Records each whole message as "binary:…", "text:…" or "close:CODE". */
    static final class Frames implements WebSocket.Listener {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder binary = new StringBuilder();

        String next() throws InterruptedException {
            String m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a message within 10 s").isNotNull();
            return m;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add("text:" + text);
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            binary.append(StandardCharsets.UTF_8.decode(data));
            if (last) {
                messages.add("binary:" + binary);
                binary.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer data) {
            messages.add("pong:" + StandardCharsets.UTF_8.decode(data));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            messages.add("close:" + status);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            messages.add("error:" + error);
        }
    }
}
