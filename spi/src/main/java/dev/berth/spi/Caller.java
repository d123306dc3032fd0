package dev.berth.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who asked for a command: captured by the API per request and journaled with the events the command
 * causes (issue 15, "who"). Every part may be absent: the unix socket gives {@code uid}, {@code gid},
 * {@code pid} (SO_PEERCRED) and {@code comm} (the peer's process name); TLS gives {@code user} (the
 * client certificate's common name, as dockerd's authorization plugins see it); plain TCP gives
 * {@code remote} (address:port). {@code api} is the API version the request used, {@code ua} its
 * User-Agent. Lives in spi because the api module, which captures it, sees nothing else.
 */
public record Caller(Integer uid, Integer gid, Integer pid, String comm, String user, String remote,
                     String api, String ua) {

    private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

    /** The {@code Actor.Attributes} keys {@code docker events} shows it as; absent parts have none. */
    public Map<String, String> attributes() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "berth.uid", uid);
        put(out, "berth.gid", gid);
        put(out, "berth.pid", pid);
        put(out, "berth.comm", comm);
        put(out, "berth.user", user);
        put(out, "berth.remote", remote);
        put(out, "berth.api", api);
        put(out, "berth.ua", ua);
        return out;
    }

    private static void put(Map<String, String> out, String key, Object value) {
        if (value != null) {
            out.put(key, String.valueOf(value));
        }
    }

    /**
     * The caller of the request this thread is handling, or null (the engine acting by itself, or work
     * on a thread no request started). Services build their registry envelopes on the request thread.
     */
    public static Caller current() {
        return CURRENT.get();
    }

    /** Runs {@code work} with {@code caller} as {@link #current()}, restoring the previous one after. */
    public static <T> T as(Caller caller, Supplier<T> work) {
        Caller previous = CURRENT.get();
        CURRENT.set(caller);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** {@link #as(Caller, Supplier)} for work without a result. */
    public static void run(Caller caller, Runnable work) {
        as(caller, () -> {
            work.run();
            return null;
        });
    }
}
