package dev.berth.cli.http;

import dev.berth.cli.json.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
    private final Connection connection;

    HttpResponse(int status, Map<String, String> headers, InputStream body, OutputStream output, Connection connection) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.output = output;
        this.connection = connection;
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
        connection.shutdownOutput();
    }

    /** The whole body; the connection is closed after it ({@link Connection#closeAfterRead}). */
    public byte[] bytes() throws IOException {
        byte[] all;
        try {
            all = body.readAllBytes();
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.closeAfterRead();
        return all;
    }

    public String text() throws IOException {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON; null for an empty body. */
    public Object json() throws IOException {
        byte[] b = bytes();
        for (byte c : b) {
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return Json.parse(b, 0, b.length);
        }
        return null;
    }

    public boolean isMultiplexed() {
        String ct = header("content-type");
        return ct == null || !ct.contains("raw-stream");
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
