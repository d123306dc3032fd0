package dev.berth.spi.authz;

import java.util.Map;
import java.util.Objects;

/**
 * One API request as an authorization plugin sees it (Docker's {@code AuthZReq}).
 *
 * @param user            who sent it when known: the CN of the client certificate on a TLS connection;
 *                        null on the unix socket and on plain TCP
 * @param userAuthnMethod how {@code user} was known: {@code TLS}, or null
 * @param method          the HTTP method, e.g. {@code POST}
 * @param uri             the request URI as sent, with the version prefix and the query, e.g.
 *                        {@code /v1.50/containers/create?name=web}
 * @param headers         the request's headers (several values of one name joined with ","), minus
 *                        {@code Authorization}, {@code X-Registry-Auth} and {@code X-Registry-Config}
 * @param body            the body when it is JSON ({@code Content-Type: application/json}) and at most
 *                        {@link #MAX_BODY} bytes, else null (streamed bodies: build contexts, image
 *                        tars, archives)
 */
public record AuthorizationRequest(String user, String userAuthnMethod, String method, String uri,
                                   Map<String, String> headers, byte[] body) {
    /** dockerd's bound for bodies handed to authorization plugins. */
    public static final int MAX_BODY = 1024 * 1024;

    public AuthorizationRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
        body = body == null ? null : body.clone();
        if (body != null && body.length > MAX_BODY) {
            throw new IllegalArgumentException("an authorization request's body is at most " + MAX_BODY + " bytes");
        }
    }

    /** A copy: the record's array is its own. */
    @Override
    public byte[] body() {
        return body == null ? null : body.clone();
    }
}
