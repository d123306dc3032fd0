package dev.berth.cli.http;

import dev.berth.cli.json.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One response on its own connection. The body is already de-chunked; after a {@code 101} it is
 * the raw stream and {@link #output()} writes to the same socket.
 */
public final class HttpResponse implements Closeable {
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;
    private final OutputStream output;
    private final SocketChannel channel;

    HttpResponse(int status, Map<String, String> headers, InputStream body, OutputStream output, SocketChannel channel) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.output = output;
        this.channel = channel;
    }

    public int status() {
        return status;
    }

    /** Header value by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase());
    }

    public InputStream body() {
        return body;
    }

    /** The socket's write side, for a hijacked stream. */
    public OutputStream output() {
        return output;
    }

    /** Half-closes the connection: tells the daemon that stdin ended. */
    public void closeWrite() throws IOException {
        if (channel.isOpen()) channel.shutdownOutput();
    }

    public byte[] bytes() throws IOException {
        try (InputStream in = body) {
            return in.readAllBytes();
        }
    }

    public String text() throws IOException {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON; null for an empty body. */
    public Object json() throws IOException {
        String t = text();
        return t.isBlank() ? null : Json.parse(t);
    }

    public boolean isMultiplexed() {
        String ct = header("content-type");
        return ct == null || !ct.contains("raw-stream");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
