package dev.berth.api;

import dev.berth.spi.Caller;
import dev.berth.spi.EngineException;
import dev.berth.spi.authz.AuthorizationRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per connection: resolves version and route when a request's headers arrive, then either reads the
 * (small, limited) body into memory or pipes it to the handler as it arrives, and runs the handler on
 * the blocking executor, or on the event loop for the requests its route answers inline (a ping, an
 * inspect from the view: {@link Route#inlineWhen}).
 */
final class HttpDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpDispatcher.class);
    static final String CODEC = "http-codec";
    static final String CONTINUE = "http-continue";
    static final String NAME = "dispatcher";
    private static final byte[] NO_BODY = new byte[0];

    private final Router router;
    private final Executor executor;
    private final Responses responses;
    private final int maxBody;
    private final Authorization authorization;

    // State of the request whose body is arriving.
    private HttpRequest request;
    private QueryStringDecoder uri;
    private boolean keepAlive;
    private Router.Match match;
    private ApiVersion.Resolved resolved;
    private Throwable rejection;
    // Refusals that are about HTTP itself, with their own status (431, 505, 413), answered at once.
    private boolean answered;
    // The dispatched exchange that has not answered yet; whether the client has half-closed.
    private Exchange current;
    private boolean inputShut;
    private CompositeByteBuf aggregate;
    private boolean tooLarge;
    private BodyPipe pipe;
    private CallerCapture callers;

    HttpDispatcher(Router router, Executor executor, Responses responses, int maxBody, Authorization authorization) {
        this.router = router;
        this.authorization = authorization;
        this.executor = executor;
        this.responses = responses;
        this.maxBody = maxBody;
    }

    /** Replaces the HTTP handlers by the raw one; call on the event loop after writing the last HTTP response. */
    static void switchToRaw(ChannelPipeline pipeline, HijackedHandler hijacked) {
        pipeline.addLast("hijacked", hijacked);
        pipeline.remove(NAME);
        pipeline.remove(CONTINUE);
        pipeline.remove(CODEC);
    }

    /**
     * Replaces the HTTP handlers by the WebSocket ones; call on the event loop. The handshaker writes the
     * 101 and puts its frame codec in front of the HTTP codec, which it removes once the 101 is out.
     */
    static void switchToWebSocket(ChannelPipeline pipeline, WebSocketServerHandshaker handshaker, FullHttpRequest request,
                                  HttpHeaders headers, WebSocketFrames frames, HijackedHandler input) {
        pipeline.addLast("websocket", frames);
        pipeline.addLast("hijacked", input);
        pipeline.remove(NAME);
        pipeline.remove(CONTINUE);
        handshaker.handshake(pipeline.channel(), request, headers, pipeline.channel().newPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest req) {
                begin(ctx, req);
            }
            if (msg instanceof HttpContent content && request != null) {
                content(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest req) {
        if (aggregate != null) {
            aggregate.release(); // a body the previous request left unread
            aggregate = null;
        }
        request = req;
        keepAlive = HttpUtil.isKeepAlive(req);
        match = null;
        rejection = null;
        tooLarge = false;
        answered = false;
        pipe = null;
        if (req.decoderResult().isFailure()) {
            counted(ctx, req, RequestCounts.NO_ROUTE);
            keepAlive = false;
            Throwable cause = req.decoderResult().cause();
            if (cause instanceof TooLongFrameException) {
                // a request line or headers over the limit: Go's net/http (dockerd) answers 431 too
                answer(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request header fields too large");
            } else {
                // answered now: after a bad header line the decoder drops the rest, so no end of the request comes
                answer(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: " + cause.getMessage());
            }
            return;
        }
        if (req.protocolVersion().majorVersion() != 1) {
            counted(ctx, req, RequestCounts.NO_ROUTE);
            keepAlive = false;
            answer(ctx, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "unsupported protocol version " + req.protocolVersion());
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        this.uri = uri;
        try {
            EngineException unreadable = RequestTargets.unreadable(req.uri());
            if (unreadable != null) {
                throw unreadable;
            }
            resolved = ApiVersion.resolve(decoded(uri::path, req.uri()));
            match = router.match(req.method(), resolved.path());
            if (match == null) {
                rejection = EngineException.notFound("page not found");
            } else if (!resolved.version().atLeast(match.route().minVersion())) {
                rejection = EngineException.invalid(req.method() + " " + resolved.path() + " requires API version "
                        + match.route().minVersion() + " or later");
            } else {
                match.route().query().check(decoded(uri::parameters, req.uri()));
            }
        } catch (RuntimeException e) {
            rejection = e;
        }
        counted(ctx, req, match == null ? RequestCounts.NO_ROUTE : match.route().specPath());
        if (rejection == null && !match.route().streamsBody() && HttpUtil.getContentLength(req, -1L) > maxBody) {
            // refused before the body arrives: the client need not send (nor the server read) it all
            keepAlive = false;
            answer(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body is larger than " + maxBody + " bytes");
            return;
        }
        if (rejection == null && match.route().streamsBody()) {
            pipe = new BodyPipe(ctx.channel());
            BodyPipe p = pipe;
            Exchange ex = exchange(ctx, req, uri, null, pipe, () -> {
                if (!p.complete()) {
                    // answered before the whole body came (a write failed: a full disk): the client is
                    // still sending; closing now would reset the connection before it reads the answer
                    closeSoon(ctx.channel());
                }
                p.close();
            });
            dispatch(ctx, ex, req, null);
        }
        // the body buffer is made when a body comes: most requests (GET, HEAD, _ping) have none
    }

    /** The series the response to this request counts in (one key per request). */
    private static void counted(ChannelHandlerContext ctx, HttpRequest req, String route) {
        ctx.channel().attr(RequestCounts.CURRENT).set(new RequestCounts.Key(req.method().name(), route, 0));
    }

    private void content(ChannelHandlerContext ctx, HttpContent content) {
        if (answered) {
            return;
        }
        if (content.decoderResult().isFailure()) {
            // a broken chunk or length: the body is not what the client meant
            keepAlive = false;
            if (pipe != null) {
                pipe.abort("malformed HTTP body: " + content.decoderResult().cause().getMessage());
                ctx.channel().close();
                return;
            }
            rejection = EngineException.invalid("malformed HTTP request: " + content.decoderResult().cause().getMessage());
        }
        if (pipe != null) {
            pipe.feed(content.content().retain());
        } else if (rejection != null) {
            // refused already (no body buffer was made): only its end matters
            if (aggregate != null) {
                aggregate.release();
                aggregate = null;
            }
        } else if (!tooLarge) {
            if ((aggregate == null ? 0 : aggregate.readableBytes()) + content.content().readableBytes() > maxBody) {
                tooLarge = true;
                if (aggregate != null) {
                    aggregate.release();
                    aggregate = null;
                }
            } else if (content.content().isReadable()) {
                if (aggregate == null) {
                    aggregate = ctx.alloc().compositeBuffer(1024);
                }
                aggregate.addComponent(true, content.content().retain());
            }
        }
        if (content instanceof LastHttpContent) {
            finish(ctx);
        }
    }

    /**
     * Answers the current request now with a status of HTTP's own, then closes; what the client still
     * sends is read and dropped.
     */
    private void answer(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        answered = true;
        FullHttpResponse response = responses.error(status, message);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        responses.send(ctx.channel(), response, true, () -> closeSoon(ctx.channel()));
    }

    /**
     * Half-closes now, closes in half a second. Closing at once with bytes of the client's still unread
     * would reset the connection, and a client that is still writing (a huge header, a body) would
     * never read the answer; Go's net/http (dockerd) lingers likewise.
     */
    private static void closeSoon(Channel channel) {
        if (channel instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
        }
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, 500, TimeUnit.MILLISECONDS);
    }

    private void finish(ChannelHandlerContext ctx) {
        HttpRequest req = request;
        request = null;
        if (answered) {
            return;
        }
        if (pipe != null) {
            pipe.end();
            return;
        }
        byte[] body = aggregate == null ? NO_BODY : ByteBufUtil.getBytes(aggregate);
        if (aggregate != null) {
            aggregate.release();
            aggregate = null;
        }
        if (tooLarge) {
            responses.send(ctx.channel(), responses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body is larger than " + maxBody + " bytes"), false, null);
        } else if (rejection != null) {
            ErrorMapper.Mapped m = ErrorMapper.map(rejection);
            responses.send(ctx.channel(), responses.error(m.status(), m.message()), keepAlive, null);
        } else {
            dispatch(ctx, exchange(ctx, req, uri, body, null, () -> { }), req, body);
        }
    }

    /** A part of the request target, decoded; a broken percent-escape in it is a 400, not a 500. */
    private static <T> T decoded(Supplier<T> part, String target) {
        try {
            return part.get();
        } catch (IllegalArgumentException e) {
            throw RequestTargets.refusal(target);
        }
    }

    private Exchange exchange(ChannelHandlerContext ctx, HttpRequest req, QueryStringDecoder uri, byte[] body,
                              BodyPipe stream, Runnable onDone) {
        Runnable done = () -> {
            onDone.run();
            // a write's listener runs on the event loop already: no task queued per request for this
            if (ctx.executor().inEventLoop()) {
                responded(ctx);
            } else {
                ctx.executor().execute(() -> responded(ctx));
            }
        };
        current = new Exchange(ctx.channel(), req, resolved.version(), match.params(), new Query(uri.parameters()),
                body, stream, responses, keepAlive, done, executor);
        return current;
    }

    /** A handler's response is out: a client that half-closed meanwhile has all it will get. */
    private void responded(ChannelHandlerContext ctx) {
        current = null;
        if (inputShut) {
            ctx.close();
        }
    }

    /**
     * The client half-closed. Mid-request, its body ended early: dockerd's decoder says "unexpected EOF"
     * (400). While a stream answers (logs -f, events, stats), the client is gone: close, which stops it
     * (its onClose hooks). While a plain answer is being made (clients such as {@code nc} half-close
     * once they have sent their request), it still goes out and the connection closes after it; a
     * handler that starts streaming meanwhile is caught a second later. Between requests: close.
     */
    private void inputShutdown(ChannelHandlerContext ctx) {
        inputShut = true;
        if (request != null && !answered) {
            if (pipe != null) {
                pipe.abort("unexpected EOF"); // the handler fails reading and answers; responded() closes
            } else {
                answer(ctx, HttpResponseStatus.BAD_REQUEST, "unexpected EOF");
            }
            return;
        }
        Exchange ex = current;
        if (ex == null || ex.watchesClose()) {
            ctx.close();
            return;
        }
        ctx.executor().schedule(() -> {
            Exchange still = current;
            if (still != null && still.watchesClose()) {
                ctx.close();
            }
        }, 1, TimeUnit.SECONDS);
    }

    /**
     * Runs the route's handler, after the authorization plugins when there are any. They may block,
     * so they are asked on the worker pool; a handler meant for the event loop goes back to it after.
     */
    private void dispatch(ChannelHandlerContext ctx, Exchange ex, HttpRequest req, byte[] body) {
        Route.Handler handler = match.route().handler();
        boolean onEventLoop = match.route().answersInline(ex.query());
        if (callers == null) {
            callers = new CallerCapture(ctx.channel());
        }
        // the handler's commands are journaled with who asked (the services read it on this thread)
        Caller caller = callers.of(req, resolved.version());
        Runnable run = () -> Caller.run(caller, () -> {
            try {
                handler.handle(ex);
            } catch (Throwable t) {
                ex.fail(t);
            }
        });
        if (!authorization.isEmpty()) {
            executor.execute(() -> {
                try {
                    AuthorizationRequest asked = authorization.check(ctx.channel(), req, body);
                    ex.checkResponsesWith(response -> authorization.checkResponse(asked, response));
                } catch (Throwable t) {
                    ex.fail(t);
                    return;
                }
                if (onEventLoop) {
                    ctx.executor().execute(run);
                } else {
                    run.run();
                }
            });
        } else if (onEventLoop) {
            run.run();
        } else {
            executor.execute(run);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown(ctx);
            return;
        }
        if (evt instanceof SslCloseCompletionEvent close && close.isSuccess()) {
            // a TLS client's close_notify ends its input as a half-close does on plain TCP
            inputShutdown(ctx);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pipe != null) {
            pipe.abort("connection closed before the request body ended");
        }
        if (aggregate != null) {
            aggregate.release();
            aggregate = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection failed", cause);
        ctx.close();
    }
}
