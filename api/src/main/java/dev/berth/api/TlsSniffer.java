package dev.berth.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * First handler on a TLS port: a connection that starts with a TLS record gets the {@link SslHandler}
 * in its place; one that starts with plain text (an HTTP client aimed at the TLS port) gets Go's
 * net/http answer, as from dockerd, and is closed — never served in clear.
 */
final class TlsSniffer extends ByteToMessageDecoder {
    static final String NAME = "tls-sniffer";
    static final String SSL = "ssl";
    /** Go's net/http, word for word, when plain HTTP reaches a TLS listener. */
    private static final byte[] PLAIN_HTTP_ANSWER = ("HTTP/1.0 400 Bad Request\r\n\r\n"
            + "Client sent an HTTP request to an HTTPS server.\n").getBytes(StandardCharsets.US_ASCII);
    /** SslHandler.isEncrypted needs the record header. */
    private static final int HEADER = 5;

    private final SslContext context;

    TlsSniffer(SslContext context) {
        this.context = context;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < HEADER) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            ctx.pipeline().replace(this, SSL, context.newHandler(ctx.alloc()));
            return;
        }
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(PLAIN_HTTP_ANSWER)).addListener(ChannelFutureListener.CLOSE);
    }
}
