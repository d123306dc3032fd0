package dev.berth.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.regex.Pattern;

/**
 * One API operation: method, path pattern (named groups are path parameters), the lowest API version
 * that has it, and whether its body is streamed to the handler instead of read into memory.
 */
record Route(HttpMethod method, Pattern pattern, ApiVersion minVersion, boolean streamsBody, boolean onEventLoop,
             Handler handler) {

    @FunctionalInterface
    interface Handler {
        /** Runs on a blocking executor thread (on the event loop for {@link #inline()} routes); must answer through the exchange. */
        void handle(Exchange exchange) throws Exception;
    }

    static Route of(HttpMethod method, String regex, Handler handler) {
        return new Route(method, Pattern.compile(regex), ApiVersion.MIN, false, false, handler);
    }

    Route since(ApiVersion version) {
        return new Route(method, pattern, version, streamsBody, onEventLoop, handler);
    }

    Route streamingBody() {
        return new Route(method, pattern, minVersion, true, onEventLoop, handler);
    }

    /**
     * Answers on the event loop itself: only for handlers that never block (no backend call that
     * may wait), where the hop to the blocking executor would cost more than the work.
     */
    Route inline() {
        return new Route(method, pattern, minVersion, streamsBody, true, handler);
    }
}
