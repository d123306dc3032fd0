package dev.berth.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dockerd's {@code --metrics-addr}: plain HTTP on its own TCP address, apart from the API's sockets,
 * answering {@code /metrics} with Prometheus text and every other path with 404. One event-loop
 * thread is plenty: a scrape every few seconds, rendered from in-memory figures.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final String given;
    private final InetSocketAddress address;
    private final Supplier<String> metrics;
    private EventLoopGroup group;
    private Channel listener;

    /**
     * @param address {@code HOST:PORT} as dockerd takes it ({@code [::1]:9323}; an empty host is every address)
     * @param metrics renders the text on each scrape
     */
    public MetricsServer(String address, Supplier<String> metrics) {
        this.given = address;
        this.address = parse(address);
        this.metrics = metrics;
    }

    /** {@code HOST:PORT} → a socket address, refused in words when it is not one. */
    public static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("metrics-addr " + address + ": missing port in address");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics-addr " + address + ": invalid port");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    public synchronized void start() throws IOException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Scrape());
                    }
                });
        try {
            listener = b.bind(address).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while binding metrics-addr " + given, e);
        } catch (Exception e) {
            // sync() rethrows the bind's own IOException (address in use) unchecked-style
            close();
            throw new IOException("cannot listen on metrics-addr " + given + ": " + e.getMessage(), e);
        }
        LOG.info("metrics API listening on {}", boundAddress());
    }

    public synchronized InetSocketAddress boundAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
            listener = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            group = null;
        }
    }

    private final class Scrape extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse response;
            if (new QueryStringDecoder(req.uri()).path().equals("/metrics")) {
                byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
                response = response(HttpResponseStatus.OK, MetricsText.CONTENT_TYPE,
                        req.method().equals(HttpMethod.HEAD) ? new byte[0] : body);
                HttpUtil.setContentLength(response, body.length);
            } else {
                // Go's ServeMux, which dockerd's metrics listener is, in its words
                response = response(HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                        "404 page not found\n".getBytes(StandardCharsets.UTF_8));
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("metrics connection failed", cause);
            ctx.close();
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, String type, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        HttpUtil.setContentLength(r, body.length);
        return r;
    }
}
