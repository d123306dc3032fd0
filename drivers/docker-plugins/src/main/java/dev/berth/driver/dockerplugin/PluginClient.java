package dev.berth.driver.dockerplugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One plugin's HTTP: each call is a {@code POST /Service.Method} with a JSON body on a fresh
 * connection ({@code Connection: close}), answered with JSON. Bounded in time (a watchdog closes the
 * connection when the call takes longer) and in size. Thread-safe: calls share nothing.
 */
final class PluginClient {
    static final String CONTENT_TYPE = "application/vnd.docker.plugins.v1.2+json";
    private static final int MAX_RESPONSE = 16 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "berth-plugin-timeout");
        t.setDaemon(true);
        return t;
    });

    /** A call that did not get a usable answer; the message says why, in dockerd's words where it has them. */
    static final class CallFailed extends Exception {
        private final int status;

        CallFailed(String message) {
            this(message, 0);
        }

        CallFailed(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The plugin's HTTP status, or 0 when there was no answer. */
        int status() {
            return status;
        }

        /** The plugin has no such method (dockerd's "not found" for the optional ones). */
        boolean notImplemented() {
            return status == 404;
        }
    }

    private final PluginAddress address;
    private final Duration timeout;

    PluginClient(PluginAddress address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
    }

    PluginAddress address() {
        return address;
    }

    /**
     * Calls {@code method} with {@code request} (serialised as JSON) and answers the response's JSON.
     * A non-200 status is a failure carrying the plugin's {@code Err} (or its body); a 200 with an
     * {@code Err} is answered as is: whether that is a failure is the caller's protocol's call.
     */
    JsonNode call(String method, Object request) throws CallFailed {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        PluginHttp.Response r = post("/" + method, body);
        if (r.status() != 200) {
            String err = errOf(r.body());
            throw new CallFailed(method + ": " + (err != null ? err : new String(r.body(), StandardCharsets.UTF_8).trim()
                    + " (HTTP " + r.status() + ")"), r.status());
        }
        try {
            JsonNode node = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (node == null || !node.isObject()) {
                throw new CallFailed(method + ": the plugin's answer is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new CallFailed(method + ": malformed JSON in the plugin's answer: " + firstLine(e.getMessage()));
        }
    }

    private static String errOf(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.hasNonNull("Err") ? n.get("Err").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private PluginHttp.Response post(String path, byte[] body) throws CallFailed {
        return address.tls() == null ? postPlain(path, body) : postTls(path, body);
    }

    private static byte[] request(String path, byte[] body) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: plugin\r\nUser-Agent: Berth\r\nAccept: " + CONTENT_TYPE
                + "\r\nContent-Type: " + CONTENT_TYPE + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** Over TLS ({@code .json} spec with TLSConfig): a blocking socket, closed by the same watchdog. */
    private PluginHttp.Response postTls(String path, byte[] body) throws CallFailed {
        AtomicBoolean timedOut = new AtomicBoolean();
        var target = (InetSocketAddress) resolved(address.socket());
        String url = "Post \"https://plugin" + path + "\": ";
        try (Socket raw = new Socket()) {
            var watchdog = WATCHDOG.schedule(() -> {
                timedOut.set(true);
                try {
                    raw.close();
                } catch (IOException ignored) {
                    // closing is the point; a second failure says nothing more
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                try {
                    raw.connect(target);
                } catch (IOException e) {
                    if (timedOut.get()) {
                        throw e;
                    }
                    throw new CallFailed(url + "dial " + address.url() + ": " + reason(e));
                }
                var tls = (SSLSocket) address.tls().context().getSocketFactory()
                        .createSocket(raw, target.getHostString(), target.getPort(), true);
                if (address.tls().verify()) {
                    SSLParameters p = tls.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(p);
                }
                try {
                    tls.startHandshake();
                } catch (SSLException e) {
                    if (timedOut.get()) {
                        throw e;
                    }
                    throw new CallFailed(url + "tls: " + e.getMessage());
                }
                OutputStream out = tls.getOutputStream();
                out.write(request(path, body));
                out.flush();
                return PluginHttp.parse(readAll(tls.getInputStream()));
            } finally {
                watchdog.cancel(false);
            }
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new CallFailed(url + "context deadline exceeded (no answer within " + timeout.toSeconds() + "s)");
            }
            // the plugin's refusal of our certificate arrives as an alert after the handshake
            throw new CallFailed(url + (e instanceof SSLException ? "tls: " + e.getMessage() : reason(e)));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException, CallFailed {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_RESPONSE) {
                throw new CallFailed("the plugin's answer is larger than " + MAX_RESPONSE + " bytes");
            }
        }
        return out.toByteArray();
    }

    private PluginHttp.Response postPlain(String path, byte[] body) throws CallFailed {
        AtomicBoolean timedOut = new AtomicBoolean();
        try (SocketChannel ch = open()) {
            var watchdog = WATCHDOG.schedule(() -> {
                timedOut.set(true);
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing is the point; a second failure says nothing more
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                ch.connect(resolved(address.socket()));
                writeFully(ch, request(path, body));
                return PluginHttp.parse(readAll(ch));
            } finally {
                watchdog.cancel(false);
            }
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new CallFailed("Post \"http://plugin" + path + "\": context deadline exceeded (no answer within "
                        + timeout.toSeconds() + "s)");
            }
            throw new CallFailed("Post \"http://plugin" + path + "\": dial " + address.url() + ": " + reason(e));
        }
    }

    private SocketChannel open() throws IOException {
        return address.socket() instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
    }

    private static SocketAddress resolved(SocketAddress a) {
        return a instanceof InetSocketAddress i && i.isUnresolved() ? new InetSocketAddress(i.getHostString(), i.getPort()) : a;
    }

    private static void writeFully(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static byte[] readAll(SocketChannel ch) throws IOException, CallFailed {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (ch.read(buf) >= 0) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
            if (out.size() > MAX_RESPONSE) {
                throw new CallFailed("the plugin's answer is larger than " + MAX_RESPONSE + " bytes");
            }
        }
        return out.toByteArray();
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        // the JDK's "Connection refused" etc.; Go says "connect: connection refused"
        return "connect: " + m.toLowerCase();
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
