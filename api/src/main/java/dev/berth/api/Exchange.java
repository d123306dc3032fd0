package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.spi.EngineException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One request and the ways to answer it. Exactly one answer is started; later attempts fail loudly. */
final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    static final HttpResponseStatus UPGRADED = new HttpResponseStatus(101, "UPGRADED");

    private final Channel channel;
    private final HttpRequest request;
    private final ApiVersion version;
    private final Matcher params;
    private final Query query;
    private final byte[] body;
    private final InputStream bodyStream;
    private final Responses responses;
    private final Runnable onDone;
    private volatile boolean watchesClose;
    private final boolean keepAlive;
    private final Executor blocking;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile Consumer<FullHttpResponse> responseCheck;

    Exchange(Channel channel, HttpRequest request, ApiVersion version, Matcher params, Query query, byte[] body,
             InputStream bodyStream, Responses responses, boolean keepAlive, Runnable onDone, Executor blocking) {
        this.blocking = blocking;
        this.channel = channel;
        this.request = request;
        this.version = version;
        this.params = params;
        this.query = query;
        this.body = body;
        this.bodyStream = bodyStream;
        this.responses = responses;
        this.keepAlive = keepAlive;
        this.onDone = onDone;
    }

    ApiVersion version() {
        return version;
    }

    String param(String name) {
        return params.group(name);
    }

    Query query() {
        return query;
    }

    String header(String name) {
        return request.headers().get(name);
    }

    HttpMethod method() {
        return request.method();
    }

    /** The JSON body as {@code type}; 400 with Go-like wording when malformed or missing. */
    <T> T body(Class<T> type) throws IOException {
        if (body == null || body.length == 0) {
            throw EngineException.invalid("invalid JSON: got EOF while reading request body");
        }
        return Json.read(body, type);
    }

    /** The JSON body as a tree, for checks that must see fields the model records do not bind. */
    /** Whether the request came with a (non-empty) body. */
    boolean hasBody() {
        return body != null && body.length > 0;
    }

    JsonNode bodyTree() throws IOException {
        if (body == null || body.length == 0) {
            throw EngineException.invalid("invalid JSON: got EOF while reading request body");
        }
        return Json.MAPPER.readTree(body);
    }

    /** The body of a {@link Route#streamingBody()} route, as it arrives. */
    InputStream bodyStream() {
        if (bodyStream == null) {
            throw new IllegalStateException("route does not stream its body");
        }
        return bodyStream;
    }

    /** Runs when the connection closes, for whatever reason (stops streams the client no longer reads). */
    void onClose(Runnable action) {
        watchesClose = true;
        channel.closeFuture().addListener(f -> action.run());
    }

    /** Whether the handler stops something when the client goes (a stream): a half-close then ends it. */
    boolean watchesClose() {
        return watchesClose;
    }

    boolean answered() {
        return answered.get();
    }

    void json(HttpResponseStatus status, Object value) {
        jsonWritten(status, 256, body -> Json.write(value, body)); // 256: Netty's own first capacity
    }

    /**
     * JSON written by {@code writer} into a buffer outside the Java heap, first sized for {@code size} bytes
     * (it grows past them): a large answer never becomes one heap array ({@code Json.write(Object, ByteBuf)}).
     */
    void jsonWritten(HttpResponseStatus status, int size, java.util.function.Consumer<ByteBuf> writer) {
        ByteBuf body = channel.alloc().ioBuffer(size);
        FullHttpResponse response;
        try {
            writer.accept(body);
            response = responses.fullBuffer(status, Responses.JSON, body);
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        try {
            respond(response);
        } catch (IllegalStateException e) { // answered already: this one is never sent
            response.release();
            throw e;
        }
    }

    /** JSON rendered before ({@link RenderedJson}): the bytes are sent as they are, never changed. */
    void jsonBytes(HttpResponseStatus status, byte[] json) {
        respond(responses.full(status, Responses.JSON, json));
    }

    void empty(HttpResponseStatus status) {
        respond(responses.full(status, null, null));
    }

    void text(HttpResponseStatus status, String contentType, byte[] content) {
        respond(responses.full(status, contentType, content));
    }

    Responses responses() {
        return responses;
    }

    /** Answers with the error's status and {@code {"message"}}; if an answer already started, closes. */
    void fail(Throwable error) {
        ErrorMapper.Mapped m = ErrorMapper.map(error);
        if (answered.compareAndSet(false, true)) {
            responses.send(channel, responses.error(m.status(), m.message()), keepAlive, onDone);
        } else {
            LOG.debug("error after the response started; closing: {}", m.message());
            channel.close();
        }
    }

    /** Sends status and headers now (chunked), flushed, and returns the body to write later. */
    ChunkedStream stream(HttpResponseStatus status, String contentType) {
        return stream(status, contentType, Map.of());
    }

    /** {@link #stream(HttpResponseStatus, String)} with more headers (e.g. cp's path stat). */
    ChunkedStream stream(HttpResponseStatus status, String contentType, Map<String, String> headers) {
        claim();
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        responses.commonHeaders(r.headers());
        headers.forEach((k, v) -> r.headers().set(k, v));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        channel.writeAndFlush(r);
        return new ChunkedStream(channel, keepAlive, onDone);
    }

    /**
     * Takes the connection over from HTTP: 101 UPGRADED when the client asked for an upgrade, else 200,
     * then raw bytes both ways (the client's go where {@link HijackedStream#forwardInput} says). The response is written and the HTTP handlers replaced in one event-loop turn, so
     * no byte is encoded or decoded as HTTP afterwards.
     */
    HijackedStream hijack(String contentType) {
        claim();
        boolean upgrade = request.headers().contains(HttpHeaderNames.UPGRADE);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, upgrade ? UPGRADED : HttpResponseStatus.OK);
        responses.commonHeaders(r.headers());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        if (upgrade) {
            r.headers().set(HttpHeaderNames.CONNECTION, "Upgrade");
            r.headers().set(HttpHeaderNames.UPGRADE, "tcp");
        }
        HijackedHandler input = new HijackedHandler(blocking);
        channel.eventLoop().execute(() -> {
            channel.write(r);
            HttpDispatcher.switchToRaw(channel.pipeline(), input);
            channel.flush();
        });
        return new HijackedStream(channel, input);
    }

    /**
     * Upgrades the connection to WebSocket (the request passed {@link WebSocketStream#checkHandshake}):
     * the 101 goes out and the pipeline is swapped in one event-loop turn, so no byte of the client's
     * first frame reaches the HTTP decoder.
     */
    WebSocketStream webSocket(boolean binary) {
        WebSocketStream.checkHandshake(request.headers());
        claim();
        FullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE);
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri(), null, false,
                WebSocketStream.MAX_FRAME).newHandshaker(full);
        HttpHeaders headers = new DefaultHttpHeaders();
        responses.commonHeaders(headers);
        HijackedHandler input = new HijackedHandler(blocking);
        WebSocketFrames frames = new WebSocketFrames(input);
        channel.eventLoop().execute(() -> {
            try {
                HttpDispatcher.switchToWebSocket(channel.pipeline(), handshaker, full, headers, frames, input);
            } catch (RuntimeException e) {
                LOG.debug("WebSocket handshake failed", e);
                channel.close();
            }
        });
        return new WebSocketStream(channel, input, binary);
    }

    /**
     * Puts every complete successful response to {@code check} before it is sent (AuthZRes); a check
     * that throws replaces the response with that error. Streams, hijacks and errors are not checked.
     */
    void checkResponsesWith(Consumer<FullHttpResponse> check) {
        this.responseCheck = check;
    }

    /** Sends a complete response built with {@link #responses()} (for routes that add headers). */
    void respond(HttpResponse response) {
        claim();
        Consumer<FullHttpResponse> check = responseCheck;
        if (check == null || !(response instanceof FullHttpResponse full) || full.status().code() >= 400) {
            responses.send(channel, response, keepAlive, onDone);
            return;
        }
        Runnable checkThenSend = () -> {
            HttpResponse out = full;
            try {
                check.accept(full);
            } catch (RuntimeException e) {
                full.release();
                ErrorMapper.Mapped m = ErrorMapper.map(e);
                out = responses.error(m.status(), m.message());
            }
            responses.send(channel, out, keepAlive, onDone);
        };
        // a plugin may block: never on the event loop
        if (channel.eventLoop().inEventLoop()) {
            blocking.execute(checkThenSend);
        } else {
            checkThenSend.run();
        }
    }

    private void claim() {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("response already started");
        }
    }
}
