package dev.berth.spi.authz;

import java.util.Map;

/**
 * A complete (not streamed) response as an authorization plugin sees it before it goes out (Docker's
 * {@code AuthZRes} fields).
 *
 * @param statusCode the HTTP status, e.g. {@code 200}
 * @param headers    the response's headers (several values of one name joined with ",")
 * @param body       the body when it is JSON and at most {@link AuthorizationRequest#MAX_BODY} bytes, else null
 */
public record AuthorizationResponse(int statusCode, Map<String, String> headers, byte[] body) {
    public AuthorizationResponse {
        headers = Map.copyOf(headers);
        body = body == null ? null : body.clone();
        if (body != null && body.length > AuthorizationRequest.MAX_BODY) {
            throw new IllegalArgumentException("an authorization response's body is at most "
                    + AuthorizationRequest.MAX_BODY + " bytes");
        }
    }

    /** A copy: the record's array is its own. */
    @Override
    public byte[] body() {
        return body == null ? null : body.clone();
    }
}
