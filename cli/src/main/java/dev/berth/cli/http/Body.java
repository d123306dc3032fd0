package dev.berth.cli.http;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A request body: none, a buffer sent with Content-Length, or a stream sent chunked. */
public sealed interface Body {
    Body NONE = new Empty();

    record Empty() implements Body {}

    record Bytes(byte[] data, String contentType) implements Body {}

    record Streamed(InputStream in, String contentType) implements Body {}

    static Body json(String json) {
        return new Bytes(json.getBytes(StandardCharsets.UTF_8), "application/json");
    }
}
