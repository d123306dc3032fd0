package dev.berth.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Map;

/** Builds responses with the headers dockerd puts on every answer, and sends them honouring keep-alive. */
final class Responses {
    static final String JSON = "application/json";
    private static final AsciiString JSON_ASCII = AsciiString.cached(JSON);
    // validated once: each response copies them (a copy between Netty's header maps skips validation).
    // AsciiString names and values: the encoder copies their bytes at once, a String's char by char
    // (a ping's twelve headers were a quarter of its event-loop time).
    private final HttpHeaders common = new DefaultHttpHeaders();

    Responses(String serverVersion) {
        common.set(AsciiString.cached("Api-Version"), AsciiString.of(ApiVersion.CURRENT.toString()));
        common.set(AsciiString.cached("Docker-Experimental"), AsciiString.cached("false"));
        common.set(AsciiString.cached("Ostype"), AsciiString.cached("linux"));
        common.set(HttpHeaderNames.SERVER, AsciiString.of("Berth/" + serverVersion + " (linux)"));
    }

    void commonHeaders(HttpHeaders headers) {
        headers.add(common);
    }

    /**
     * The headers of a response that is the same every time (a ping): the common ones, then {@code
     * extra} in order, then the content's type and length; validated once, copied into each answer.
     */
    HttpHeaders constantHeaders(String contentType, byte[] body, Map<String, String> extra) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add(common);
        if (contentType != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, AsciiString.of(contentType));
        }
        h.set(HttpHeaderNames.CONTENT_LENGTH, AsciiString.of(Integer.toString(body == null ? 0 : body.length)));
        extra.forEach((name, value) -> h.set(AsciiString.of(name), AsciiString.of(value)));
        return h;
    }

    /** A response with headers made by {@link #constantHeaders}; {@code body} is shared, never written to. */
    static FullHttpResponse constant(HttpResponseStatus status, HttpHeaders headers, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        r.headers().add(headers);
        return r;
    }

    FullHttpResponse full(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        commonHeaders(r.headers());
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, ascii(contentType));
        }
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
        return r;
    }

    /** A response whose body the caller wrote into a Netty buffer; the response owns it from here. */
    FullHttpResponse fullBuffer(HttpResponseStatus status, String contentType, ByteBuf body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        commonHeaders(r.headers());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, ascii(contentType));
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return r;
    }

    /** The JSON type (most answers) as the encoder's fast kind of string; others as they are. */
    private static CharSequence ascii(String contentType) {
        return JSON.equals(contentType) ? JSON_ASCII : contentType;
    }

    /** {@code {"message": …}}; statuses that may not carry a body (304) get none. */
    FullHttpResponse error(HttpResponseStatus status, String message) {
        if (status.code() == 304 || status.code() == 204) {
            return full(status, null, null);
        }
        return full(status, JSON, Json.line(Map.of("message", message == null ? "" : message)));
    }

    /** Writes a response; closes afterwards unless keep-alive; runs {@code after} once written. */
    void send(Channel channel, HttpResponse response, boolean keepAlive, Runnable after) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        channel.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (!keepAlive) {
                f.channel().close();
            }
            if (after != null) {
                after.run();
            }
        });
    }
}
