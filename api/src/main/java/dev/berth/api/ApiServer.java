package dev.berth.api;

import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.backend.ImageBackend;
import dev.berth.api.backend.NetworkBackend;
import dev.berth.api.backend.SystemBackend;
import dev.berth.api.backend.VolumeBackend;
import dev.berth.spi.authz.AuthorizationPlugin;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker Engine API server: listens on every configured host and serves the routes over the
 * given backends. Handlers run on a blocking pool, except those of cheap in-memory reads (a ping, an inspect)
 * that answer on Netty's event loop (see {@link Route#inlineWhen}).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final ApiConfig config;
    private final Router router;
    private final Responses responses;
    private final RequestCounts requests = new RequestCounts();
    private final List<Channel> listeners = new ArrayList<>();
    private EventLoopGroup group;
    private static final WriteBufferWaterMark STREAM_WATER_MARK = new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024);

    private ExecutorService executor;
    private SslContext tls;
    private Authorization authorization = Authorization.NONE;

    public ApiServer(ApiConfig config, ContainerBackend containers, ImageBackend images, SystemBackend system) {
        this(config, containers, images, system, NetworkBackend.NONE);
    }

    public ApiServer(ApiConfig config, ContainerBackend containers, ImageBackend images, SystemBackend system,
                     NetworkBackend networks) {
        this(config, containers, images, system, networks, VolumeBackend.NONE);
    }

    public ApiServer(ApiConfig config, ContainerBackend containers, ImageBackend images, SystemBackend system,
                     NetworkBackend networks, VolumeBackend volumes) {
        this.config = config;
        this.responses = new Responses(config.serverVersion());
        this.router = new Router(routes(containers, images, system, networks, volumes));
    }

    /** Every route, in match order. */
    static List<Route> routes(ContainerBackend containers, ImageBackend images, SystemBackend system,
                              NetworkBackend networks, VolumeBackend volumes) {
        return Stream.of(
                        new SystemRoutes(system).routes(),
                        new ContainerRoutes(containers).routes(),
                        new ContainerStreamRoutes(containers).routes(),
                        new ExecRoutes(containers).routes(),
                        new ContainerFileRoutes(containers).routes(),
                        new ContainerControlRoutes(containers).routes(),
                        new DistributionRoutes(images).routes(),
                        new ImageRoutes(images, volumes, containers).routes(),
                        new BuildRoutes(images).routes(),
                        new NetworkRoutes(networks).routes(),
                        new VolumeRoutes(volumes).routes(),
                        new SwarmRoutes().routes(),
                        new PluginRoutes().routes())
                .flatMap(List::stream).toList();
    }

    /**
     * The bytes of an import's last progress line ({@code {"status":"sha256:…"}}), rendered by the API's JSON
     * mapper: for the daemon's import warm-up, so that the first import's answer does not build the mapper and its
     * map writer while its client waits (the first JSON a fresh daemon writes is often that one). Sends nothing.
     */
    public static byte[] warmUpProgressLine() {
        return Json.line(Map.of("status", "sha256:" + "0".repeat(64)));
    }

    /**
     * Every request is first put to these authorization plugins, in this order (name → plugin, the
     * names shown in their refusals). Before {@link #start()}; closed by {@link #close()}.
     */
    public synchronized ApiServer authorizeWith(Map<String, AuthorizationPlugin> plugins) {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        authorization = new Authorization(plugins.entrySet().stream()
                .map(e -> new Authorization.Named(e.getKey(), e.getValue())).toList());
        return this;
    }

    /** Binds every host; on failure unbinds what was bound and throws. */
    public synchronized void start() throws IOException {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        executor = Executors.newCachedThreadPool(daemonThreads());
        try {
            tls = config.tls() == null ? null : config.tls().context();
            for (String host : config.hosts()) {
                listeners.add(bind(HostAddress.parse(host), epoll));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The requests answered so far, by route and status: for {@code --metrics-addr}. */
    public RequestCounts requests() {
        return requests;
    }

    /** Where the server listens, in {@link ApiConfig#hosts()} order (TCP port 0 resolved). */
    public synchronized List<SocketAddress> boundAddresses() {
        return listeners.stream().map(Channel::localAddress).toList();
    }

    private Channel bind(HostAddress host, boolean epoll) throws IOException {
        Class<? extends ServerChannel> type;
        if (host.isUnix()) {
            if (!epoll) {
                throw new IOException("unix sockets need Netty's epoll transport, unavailable here: "
                        + Epoll.unavailabilityCause());
            }
            UnixSockets.prepare(host.socketPath());
            type = EpollServerDomainSocketChannel.class;
        } else {
            type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        }
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(type)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                // Streamed bodies (logs, cp, export, save) are written from backend threads that wait while
                // the channel is not writable; Netty's default 64 KiB high mark made them wait once per
                // 64 KiB chunk, which capped a 100 MB `docker cp` out at ~70 MB/s.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, STREAM_WATER_MARK)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (!host.isUnix() && tls != null) {
                            ch.pipeline().addLast(TlsSniffer.NAME, new TlsSniffer(tls));
                        }
                        ch.pipeline()
                                .addLast(HttpDispatcher.CODEC, new HttpServerCodec(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(64 * 1024).setMaxHeaderSize(256 * 1024)))
                                .addLast(RequestCounts.Meter.NAME, requests.meter())
                                .addLast(HttpDispatcher.CONTINUE, new HttpServerExpectContinueHandler())
                                .addLast(HttpDispatcher.NAME,
                                        new HttpDispatcher(router, executor, responses, config.maxBodyBytes(),
                                                authorization));
                    }
                });
        try {
            Channel ch = b.bind(host.socketAddress()).sync().channel();
            if (host.isUnix()) {
                try {
                    UnixSockets.restrict(host.socketPath(), config.socketGroup());
                } catch (IOException | RuntimeException e) {
                    ch.close().awaitUninterruptibly();
                    throw new IOException("cannot set up " + host.socketPath() + ": " + e.getMessage(), e);
                }
            }
            String where = host.isUnix() ? "unix://" + host.socketPath() : "tcp://" + hostPort(ch.localAddress());
            LOG.info("API listening on {}{}", where, !host.isUnix() && tls != null ? " (TLS)" : "");
            if (!host.isUnix() && tls == null) {
                LOG.warn("API listening on {} without TLS: every local user can reach it, whatever the socket's "
                        + "group; use --tlsverify to require client certificates", where);
            }
            return ch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + host, e);
        } catch (RuntimeException e) {
            throw new IOException("cannot listen on " + host + ": " + e.getMessage(), e);
        }
    }

    /** Unbinds, removes socket files, drops open connections. Idempotent. */
    @Override
    public synchronized void close() {
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly();
        }
        listeners.clear();
        for (String host : config.hosts()) {
            HostAddress a = HostAddress.parse(host);
            if (a.isUnix()) {
                UnixSockets.remove(a.socketPath());
            }
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            group = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        authorization.close();
        authorization = Authorization.NONE;
    }

    private static String hostPort(SocketAddress address) {
        return address instanceof InetSocketAddress a ? a.getHostString() + ":" + a.getPort() : String.valueOf(address);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "berth-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
