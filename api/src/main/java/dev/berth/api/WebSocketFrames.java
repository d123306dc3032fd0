package dev.berth.api;

import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Turns the client's WebSocket frames into what {@link HijackedHandler} (next in the pipeline) takes:
 * the payload of text, binary and continuation frames as bytes (dockerd hands both kinds to stdin
 * alike), a close frame as the end of input — the WebSocket form of a hijacked client's half-close;
 * output keeps flowing until the attach ends. Pings are answered here.
 */
final class WebSocketFrames extends ChannelInboundHandlerAdapter {
    private final HijackedHandler input;

    WebSocketFrames(HijackedHandler input) {
        this.input = input;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
                || msg instanceof ContinuationWebSocketFrame) {
            ctx.fireChannelRead(((ByteBufHolder) msg).content());
            return;
        }
        try {
            if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame) {
                input.endInput();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }
}
