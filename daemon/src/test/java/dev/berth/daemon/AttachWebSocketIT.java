package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /containers/{id}/attach/ws} on a real daemon listening on loopback TCP as well as its
 * unix socket, with the JDK's WebSocket client (what a web UI does) and runc containers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180)
class AttachWebSocketIT {
    private static final String CAT = "ws-it-cat";
    private static final String OUT = "ws-it-out";
    private static final String TTY = "ws-it-tty";

    private BerthdProcess d;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        d = BerthdProcess.startWithTcp();
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    @AfterEach
    void removeContainers() {
        if (d != null && d.isAlive()) {
            d.docker("rm", "-f", CAT, OUT, TTY);
        }
    }

    @Test
    void stdinLine_isEchoedByCat_andTheSocketClosesWhenTheContainerExits() throws Exception {
        ok(d.docker("run", "-d", "-i", "--name", CAT, "busybox", "cat"));
        Frames got = new Frames();
        WebSocket ws = connect("/v1.50/containers/" + CAT + "/attach/ws?stream=1&stdin=1&stdout=1&stderr=1", got);
        ws.sendText("hello\n", true).get(10, TimeUnit.SECONDS);
        assertThat(got.next()).isEqualTo("binary:hello\n");
        ok(d.docker("kill", CAT));
        assertThat(got.next()).isEqualTo("close:1000");
    }

    @Test
    void stdoutAndStderr_arriveUnframed_thenClose() throws Exception {
        ok(d.docker("create", "--name", OUT, "busybox", "sh", "-c", "echo out; echo err >&2"));
        Frames got = new Frames();
        connect("/v1.50/containers/" + OUT + "/attach/ws?stream=1&stdout=1&stderr=1", got);
        ok(d.docker("start", OUT));
        StringBuilder output = new StringBuilder();
        String m;
        while ((m = got.next()).startsWith("binary:")) {
            output.append(m.substring("binary:".length()));
        }
        assertThat(m).isEqualTo("close:1000");
        // two writers, so either order; no 8-byte headers in between
        assertThat(output.toString()).isIn("out\nerr\n", "err\nout\n");
    }

    @Test
    void ttyShell_runsWhatIsTyped() throws Exception {
        ok(d.docker("run", "-d", "-i", "-t", "--name", TTY, "busybox", "sh"));
        Frames got = new Frames();
        WebSocket ws = connect("/v1.50/containers/" + TTY + "/attach/ws?stream=1&stdin=1&stdout=1&stderr=1", got);
        ws.sendText("echo typed-$((6*7))\n", true).get(10, TimeUnit.SECONDS);
        StringBuilder screen = new StringBuilder();
        // the terminal echoes the line as typed; the shell's answer is what only the shell can compute
        while (!screen.toString().contains("typed-42\r\n")) {
            String m = got.next();
            assertThat(m).as(screen.toString()).startsWith("binary:");
            screen.append(m.substring("binary:".length()));
        }
        ok(d.docker("kill", TTY));
        String m;
        while ((m = got.next()).startsWith("binary:")) {
            screen.append(m);
        }
        assertThat(m).isEqualTo("close:1000");
    }

    @Test
    void pausedContainer_is409BeforeTheUpgrade() throws Exception {
        ok(d.docker("run", "-d", "-i", "--name", CAT, "busybox", "cat"));
        ok(d.docker("pause", CAT));
        assertThatThrownBy(() -> connect("/containers/" + CAT + "/attach/ws?stream=1&stdout=1", new Frames()))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(409));
        ok(d.docker("unpause", CAT));
    }

    @Test
    void unknownContainer_is404BeforeTheUpgrade() {
        assertThatThrownBy(() -> connect("/containers/ws-it-missing/attach/ws?stream=1&stdout=1", new Frames()))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> {
                    var response = ((WebSocketHandshakeException) e).getResponse();
                    assertThat(response.statusCode()).isEqualTo(404);
                    assertThat(String.valueOf(response.body())).contains("No such container: ws-it-missing");
                });
    }

    private WebSocket connect(String path, Frames listener) throws Exception {
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + d.tcpPort() + path), listener).get(20, TimeUnit.SECONDS);
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    /** Records each whole message as "binary:…", "text:…" or "close:CODE". */
    private static final class Frames implements WebSocket.Listener {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder binary = new StringBuilder();

        String next() throws InterruptedException {
            String m = messages.poll(30, TimeUnit.SECONDS);
            assertThat(m).as("a message within 30 s").isNotNull();
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
