package dev.berth.spi.authz;

/**
 * Decides whether an API request may be served: dockerd's authorization plugins (its {@code AuthZPlugin}
 * {@code /AuthZPlugin.AuthZReq} call), as a Java interface. Docker's HTTP plugin protocol can be
 * bridged onto it: {@link AuthorizationRequest} carries the fields of {@code AuthZReq} and
 * {@link Decision} those of {@code AuthZRes} ({@code Allow}, {@code Msg}; {@code Err} is a thrown
 * exception).
 *
 * <p>Lifecycle: made once at start-up by its {@link AuthorizationProvider}, closed when the daemon
 * stops. With several plugins, each is asked in the order they were named, and the first denial
 * answers; every one must allow.
 *
 * <p>Threading: called for every request (including {@code /_ping}) on the API's worker threads,
 * concurrently, before the request is handled and before any of its effects; it may block (a remote
 * policy service) but the request waits meanwhile. It must be thread-safe.
 *
 * <p>Failures: an exception is Docker's {@code Err}: the request is answered 500 "plugin NAME failed
 * with error: MESSAGE", nothing else happens, and the daemon keeps serving.
 *
 * <p>Responses: {@link #authorizeResponse} is asked about every complete successful response (status
 * below 400) before it goes out, and a denial replaces it with the 403 (the request's effects stay, as
 * with dockerd). Streamed, hijacked and WebSocket responses (logs, attach, events, exec, pulls …) and
 * error responses are not asked: their bytes go out as they are made, so no verdict could hold them
 * back (dockerd asks only once such a response is over, when it can change nothing).
 */
public interface AuthorizationPlugin extends AutoCloseable {

    /** Allow or deny one request. */
    Decision authorizeRequest(AuthorizationRequest request);

    /**
     * Allow or deny one complete response to {@code request} before it is sent; by default allowed.
     * Called on a worker thread; may block. An exception is answered 500 as for requests.
     */
    default Decision authorizeResponse(AuthorizationRequest request, AuthorizationResponse response) {
        return Decision.allowed();
    }

    @Override
    default void close() {}

    /**
     * A plugin's answer.
     *
     * @param allow   whether the request may be served
     * @param message why, shown to the client on a denial ("authorization denied by plugin NAME: MESSAGE")
     */
    record Decision(boolean allow, String message) {
        public Decision {
            message = message == null ? "" : message;
        }

        public static Decision allowed() {
            return new Decision(true, "");
        }

        public static Decision denied(String message) {
            return new Decision(false, message);
        }
    }
}
