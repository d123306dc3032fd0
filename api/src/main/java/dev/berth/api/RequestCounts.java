package dev.berth.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * API requests answered, by method, route and status code. The route is the matched {@link Route}'s
 * path as the spec writes it ({@code /containers/{id}/json}), never the raw path, so the number of
 * series stays bounded whatever clients send; a path no route matches counts as {@link #NO_ROUTE}.
 */
public final class RequestCounts {
    public static final String NO_ROUTE = "none";

    /** The request on a connection whose answer is being written, set by {@link HttpDispatcher}. */
    static final AttributeKey<Key> CURRENT = AttributeKey.valueOf("berth.request");

    /** One series. */
    public record Key(String method, String route, int code) {
        Key with(int status) {
            return new Key(method, route, status);
        }
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    /** The counts so far, ordered by route, method, code. */
    public Map<Key, Long> snapshot() {
        Map<Key, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Key::route).thenComparing(Key::method)
                        .thenComparingInt(Key::code)))
                .forEach(e -> out.put(e.getKey(), e.getValue().sum()));
        return out;
    }

    /** Counts each response head (not 100 Continue) against the request its connection is answering. */
    Meter meter() {
        return new Meter();
    }

    final class Meter extends ChannelOutboundHandlerAdapter {
        static final String NAME = "request-meter";

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpResponse response && !response.status().equals(HttpResponseStatus.CONTINUE)) {
                Key request = ctx.channel().attr(CURRENT).getAndSet(null);
                if (request != null) {
                    counts.computeIfAbsent(request.with(response.status().code()), k -> new LongAdder()).increment();
                }
            }
            super.write(ctx, msg, promise);
        }
    }
}
