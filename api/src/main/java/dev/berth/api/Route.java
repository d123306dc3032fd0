package dev.berth.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One API operation: method, path pattern (named groups are path parameters), the lowest API version
 * that has it, whether its body is streamed to the handler instead of read into memory, which requests
 * it answers on the event loop ({@link #inlineWhen}), and which of the spec's query parameters and
 * filter keys it honours ({@link QuerySupport}: the others are refused before the handler runs).
 */
record Route(HttpMethod method, Pattern pattern, ApiVersion minVersion, boolean streamsBody, Predicate<Query> onEventLoop,
             Handler handler, QuerySupport query) {
    private static final Predicate<Query> NEVER = q -> false;
    private static final Predicate<Query> ALWAYS = q -> true;

    private static final Pattern PARAMETER = Pattern.compile("\\(\\?<(\\w+)>[^)]*\\)");
    private static final Map<String, String> SPEC_PATHS = new ConcurrentHashMap<>();

    @FunctionalInterface
    interface Handler {
        /** Runs on a blocking executor thread (on the event loop for {@link #inline()} routes); must answer through the exchange. */
        void handle(Exchange exchange) throws Exception;
    }

    static Route of(HttpMethod method, String regex, Handler handler) {
        return new Route(method, Pattern.compile(regex), ApiVersion.MIN, false, NEVER, handler, QuerySupport.NONE);
    }

    Route since(ApiVersion version) {
        return new Route(method, pattern, version, streamsBody, onEventLoop, handler, query);
    }

    Route streamingBody() {
        return new Route(method, pattern, minVersion, true, onEventLoop, handler, query);
    }

    /**
     * Answers on the event loop itself: only for handlers that never block (no backend call that
     * may wait), where the hop to the blocking executor would cost more than the work.
     */
    Route inline() {
        return inlineWhen(ALWAYS);
    }

    /**
     * Answers the requests {@code cheap} accepts on the event loop, the others on the blocking pool: for
     * reads of the in-memory views whose work is small for those parameters (an inspect without
     * {@code size}), where the two thread hand-offs would cost more than the answer.
     */
    Route inlineWhen(Predicate<Query> cheap) {
        return new Route(method, pattern, minVersion, streamsBody, cheap, handler, query);
    }

    /** Whether this request's handler runs on the event loop; a query the predicate cannot read goes to the pool. */
    boolean answersInline(Query q) {
        try {
            return onEventLoop.test(q);
        } catch (RuntimeException e) {
            return false; // the handler refuses it, wherever it runs
        }
    }

    /** The query parameters the handler reads and acts on. */
    Route honours(String... params) {
        return with(query.honouring(params));
    }

    /** Berth's own query parameters (not in the spec) the handler reads and acts on. */
    Route extension(String... params) {
        return with(query.extending(params));
    }

    /** A parameter of the spec the handler does not honour: refused unless {@code isDefault} holds for its value. */
    Route refuses(String param, Predicate<String> isDefault) {
        return with(query.refusing(param, isDefault));
    }

    /** A boolean parameter whose default is false, refused when true. */
    Route refusesFlag(String param) {
        return refuses(param, QuerySupport::falsy);
    }

    /** A text parameter, refused when not empty. */
    Route refusesText(String param) {
        return refuses(param, QuerySupport::empty);
    }

    /** The answer does not depend on the query (a refusal of the whole route): no parameter is checked. */
    Route answersAnyQuery() {
        return with(QuerySupport.MOOT);
    }

    /** The filter keys the backend implements and those of the spec it does not (refused by name). */
    Route filters(Set<String> keys, Set<String> unsupported) {
        return with(query.filtering(keys, unsupported));
    }

    /** The path as the spec writes it: {@code /containers/{id}/json}. */
    String specPath() {
        // asked for every request (its metrics series): made once per route, not by a regex each time
        return SPEC_PATHS.computeIfAbsent(pattern.pattern(), p -> PARAMETER.matcher(p).replaceAll("{$1}"));
    }

    private Route with(QuerySupport q) {
        return new Route(method, pattern, minVersion, streamsBody, onEventLoop, handler, q);
    }
}
