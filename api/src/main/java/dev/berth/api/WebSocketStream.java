package dev.berth.api;

import dev.berth.api.backend.AttachHandle;
import dev.berth.spi.EngineException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection upgraded to WebSocket: each write is one data frame (binary, or text for old clients),
 * the client's frames go to {@link #forwardInput}; ending sends a normal close frame and closes.
 */
final class WebSocketStream implements ByteSink {
    /** Largest client frame accepted (the decoder buffers one whole frame); larger ones close with 1009. */
    static final int MAX_FRAME = 1 << 20;

    private final Channel channel;
    private final HijackedHandler input;
    private final boolean binary;
    private final AtomicBoolean ended = new AtomicBoolean();

    WebSocketStream(Channel channel, HijackedHandler input, boolean binary) {
        this.channel = channel;
        this.input = input;
        this.binary = binary;
    }

    /**
     * Refuses, before anything is written, a request the handshake would fail on, with the reasons
     * dockerd's WebSocket server gives (it supports RFC 6455, version 13, only).
     */
    static void checkHandshake(HttpHeaders headers) {
        if (!headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                || !headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            throw EngineException.invalid("not websocket protocol");
        }
        String key = headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (key == null || key.isBlank()) {
            throw EngineException.invalid("mismatch challenge/response");
        }
        if (!"13".equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            throw EngineException.invalid("missing or bad WebSocket Version");
        }
    }

    /** Sends what the client writes (and its close frame) to {@code handle}, starting with what came already. */
    void forwardInput(AttachHandle handle) {
        input.connect(handle);
    }

    @Override
    public boolean write(byte[] data) {
        if (ended.get() || !Backpressure.awaitWritable(channel)) {
            return false;
        }
        ByteBuf payload = Unpooled.wrappedBuffer(data);
        channel.writeAndFlush(binary ? new BinaryWebSocketFrame(payload) : new TextWebSocketFrame(payload));
        return channel.isActive();
    }

    @Override
    public void end() {
        if (ended.compareAndSet(false, true)) {
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
