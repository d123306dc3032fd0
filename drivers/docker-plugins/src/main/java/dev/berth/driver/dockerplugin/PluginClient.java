package dev.berth.driver.dockerplugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
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
        Response r = post("/" + method, body);
        if (r.status != 200) {
            String err = errOf(r.body);
            throw new CallFailed(method + ": " + (err != null ? err : new String(r.body, StandardCharsets.UTF_8).trim()
                    + " (HTTP " + r.status + ")"), r.status);
        }
        try {
            JsonNode node = r.body.length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body);
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

    private record Response(int status, byte[] body) {}

    private Response post(String path, byte[] body) throws CallFailed {
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
                String head = "POST " + path + " HTTP/1.1\r\nHost: plugin\r\nUser-Agent: Berth\r\nAccept: " + CONTENT_TYPE
                        + "\r\nContent-Type: " + CONTENT_TYPE + "\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n";
                writeFully(ch, head.getBytes(StandardCharsets.US_ASCII));
                writeFully(ch, body);
                return parse(readAll(ch));
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

    /** The status and the body (Content-Length, chunked, or up to the close). */
    private static Response parse(byte[] raw) throws CallFailed {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new CallFailed(raw.length == 0 ? "the plugin closed the connection without an answer"
                    : "malformed HTTP answer from the plugin");
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        int code;
        try {
            if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
                throw new NumberFormatException();
            }
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new CallFailed("malformed HTTP status line from the plugin: " + lines[0]);
        }
        boolean chunked = false;
        int length = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Content-Length")) {
                try {
                    length = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new CallFailed("malformed Content-Length from the plugin: " + value);
                }
            }
        }
        int start = end + 4;
        if (chunked) {
            return new Response(code, dechunk(raw, start));
        }
        int available = raw.length - start;
        int n = length < 0 ? available : Math.min(length, available);
        byte[] body = new byte[n];
        System.arraycopy(raw, start, body, 0, n);
        return new Response(code, body);
    }

    private static byte[] dechunk(byte[] raw, int pos) throws CallFailed {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] crlf = {'\r', '\n'};
        while (true) {
            int eol = indexOf(raw, crlf, pos);
            if (eol < 0) {
                throw new CallFailed("truncated chunked answer from the plugin");
            }
            String sizeLine = new String(raw, pos, eol - pos, StandardCharsets.US_ASCII);
            int semi = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new CallFailed("malformed chunk size from the plugin: " + sizeLine);
            }
            if (size == 0) {
                return out.toByteArray();
            }
            int dataStart = eol + 2;
            if (dataStart + size > raw.length) {
                throw new CallFailed("truncated chunked answer from the plugin");
            }
            out.write(raw, dataStart, size);
            pos = dataStart + size + 2;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
