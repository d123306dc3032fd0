package dev.berth.api;

import dev.berth.api.backend.AttachHandle;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits alone in a hijacked pipeline and forwards what the client sends (stdin) to the backend's
 * {@link AttachHandle}, in order, from the blocking executor (a backend may block while the container
 * does not read; the event loop never waits). Bytes that arrive before the backend's handle is known
 * are queued. The client's half-close becomes {@link AttachHandle#closeInput()} after the bytes
 * before it; output keeps flowing until the stream ends. While more than {@value #HIGH_WATER} bytes
 * wait, the connection is not read (TCP pushes back on the client).
 */
final class HijackedHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HijackedHandler.class);
    static final int HIGH_WATER = 1 << 20;
    static final int LOW_WATER = 256 << 10;
    private static final Object EOF = new Object();

    private final Executor executor;
    // guarded by this
    private final Deque<Object> pending = new ArrayDeque<>();
    private long pendingBytes;
    private AttachHandle target;
    private boolean draining;
    private boolean paused;
    private boolean inputEnded;
    private Channel channel;

    HijackedHandler(Executor executor) {
        this.executor = executor;
    }

    /** Where input goes from now on; what came before is delivered first. */
    void connect(AttachHandle handle) {
        synchronized (this) {
            if (target != null) {
                throw new IllegalStateException("input already connected");
            }
            target = handle;
        }
        scheduleDrain();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        synchronized (this) {
            channel = ctx.channel();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf buf && buf.isReadable()) {
                byte[] data = ByteBufUtil.getBytes(buf);
                boolean pause = false;
                synchronized (this) {
                    if (inputEnded) {
                        return;
                    }
                    pending.addLast(data);
                    pendingBytes += data.length;
                    if (pendingBytes > HIGH_WATER && !paused) {
                        paused = true;
                        pause = true;
                    }
                }
                if (pause) {
                    // on the event loop, as every autoRead change here: a resume is queued behind it
                    ctx.channel().config().setAutoRead(false);
                }
                scheduleDrain();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            EpollHalfClosure.inputShutdown(ctx.channel());
            endInput();
            return;
        }
        if (evt instanceof SslCloseCompletionEvent close && close.isSuccess()) {
            // A TLS client half-closes with close_notify (Go's tls.Conn.CloseWrite: the docker CLI after
            // stdin's end), not with a TCP FIN: the same end of input, and the output goes on.
            endInput();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** The client's input ended (half-close, or a WebSocket close frame): the backend hears it after the bytes before it. */
    void endInput() {
        synchronized (this) {
            if (inputEnded) {
                return;
            }
            inputEnded = true;
            pending.addLast(EOF);
        }
        scheduleDrain();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        synchronized (this) {
            // the handle is closed by whoever owns it (the route's onClose); queued input is moot
            pending.clear();
            pendingBytes = 0;
            inputEnded = true;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("hijacked connection failed", cause);
        ctx.close();
    }

    private void scheduleDrain() {
        synchronized (this) {
            if (draining || target == null || pending.isEmpty()) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                draining = false;
            }
        }
    }

    /**
     * On the event loop. Not after the client's half-close: reading is over then, and asking epoll to
     * read a shut-down input fails (epoll_ctl ENOENT) and would close the connection.
     */
    private void resumeReading(Channel ch) {
        boolean skip;
        synchronized (this) {
            skip = inputEnded || paused; // paused again since the resume was queued
        }
        boolean shut = ch instanceof DuplexChannel d && d.isInputShutdown();
        if (!skip && !shut && ch.isActive() && !ch.config().isAutoRead()) {
            ch.config().setAutoRead(true);
        }
    }

    /** One drain at a time: the backend sees the input in order and never concurrently. */
    private void drain() {
        while (true) {
            Object next;
            AttachHandle handle;
            boolean resume = false;
            Channel ch;
            synchronized (this) {
                next = pending.pollFirst();
                if (next == null) {
                    draining = false;
                    return;
                }
                if (next instanceof byte[] data) {
                    pendingBytes -= data.length;
                    if (paused && pendingBytes <= LOW_WATER) {
                        paused = false;
                        resume = true;
                    }
                }
                handle = target;
                ch = channel;
            }
            if (resume && ch != null) {
                ch.eventLoop().execute(() -> resumeReading(ch));
            }
            try {
                if (next == EOF) {
                    handle.closeInput();
                } else {
                    handle.input((byte[]) next);
                }
            } catch (RuntimeException e) {
                LOG.debug("attach input failed; dropping it", e);
            }
        }
    }
}
