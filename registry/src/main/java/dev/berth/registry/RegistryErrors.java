package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * The one place that turns a registry's error response into an exception. The distribution spec's
 * body is {@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}}; Docker
 * prints each as {@code lower(code with spaces): message}.
 */
final class RegistryErrors {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RegistryErrors() {}

    static RegistryException fromResponse(int status, byte[] body, String what) {
        String code = null;
        String message = null;
        try {
            JsonNode errors = body == null || body.length == 0 ? null : MAPPER.readTree(body).path("errors");
            if (errors != null && errors.isArray() && !errors.isEmpty()) {
                JsonNode first = errors.get(0);
                code = first.path("code").asText(null);
                message = first.path("message").asText("");
                if (code != null) {
                    message = code.toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + message;
                }
            }
        } catch (IOException ignored) {
            // not JSON: an HTML error page from a proxy, say; the status tells
        }
        if (message == null) {
            message = switch (status) {
                case 401 -> "unauthorized: authentication required";
                case 403 -> "denied: requested access to the resource is denied";
                case 404 -> "not found: " + what;
                case 429 -> "toomanyrequests: too many requests";
                default -> "unexpected status " + status + " from registry for " + what;
            };
        }
        return new RegistryException(kindOf(status, code), message, status, code);
    }

    static ErrorKind kindOf(int status, String code) {
        if (code != null) {
            switch (code) {
                case "MANIFEST_UNKNOWN", "BLOB_UNKNOWN", "NAME_UNKNOWN", "MANIFEST_BLOB_UNKNOWN", "BLOB_UPLOAD_UNKNOWN":
                    return ErrorKind.NOT_FOUND;
                case "UNAUTHORIZED":
                    return ErrorKind.UNAUTHORIZED;
                case "DENIED":
                    return ErrorKind.FORBIDDEN;
                case "TOOMANYREQUESTS":
                    return ErrorKind.UNAVAILABLE;
                case "UNSUPPORTED":
                    return ErrorKind.NOT_IMPLEMENTED;
                case "DIGEST_INVALID", "MANIFEST_INVALID", "MANIFEST_UNVERIFIED", "NAME_INVALID", "TAG_INVALID",
                        "SIZE_INVALID", "BLOB_UPLOAD_INVALID", "PAGINATION_NUMBER_INVALID", "RANGE_INVALID":
                    return ErrorKind.INVALID_ARGUMENT;
                default:
                    break;
            }
        }
        if (status == 401) {
            return ErrorKind.UNAUTHORIZED;
        }
        if (status == 403) {
            return ErrorKind.FORBIDDEN;
        }
        if (status == 404) {
            return ErrorKind.NOT_FOUND;
        }
        if (status == 429 || status >= 500) {
            return ErrorKind.UNAVAILABLE;
        }
        return ErrorKind.INVALID_ARGUMENT;
    }

    static RegistryException unreachable(String what, Exception cause) {
        RegistryException e = new RegistryException(ErrorKind.UNAVAILABLE,
                what + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                0, null);
        e.initCause(cause);
        return e;
    }

    /** No response to {@code method uri}: the words Go's client gives dockerd ({@link #goUrlError}). */
    static RegistryException unreachable(String method, URI uri, IOException cause) {
        RegistryException e = new RegistryException(ErrorKind.UNAVAILABLE, goUrlError(method, uri, cause), 0, null);
        e.initCause(cause);
        return e;
    }

    static RegistryException of(ErrorKind kind, String message) {
        return new RegistryException(kind, message, 0, null);
    }

    /**
     * A request that got no response, in Go's url.Error words as dockerd's clients print them
     * ({@code Get "https://host/v2/": dial tcp: lookup host: no such host}): the JDK's exceptions
     * mapped to the net package's messages for the cases a daemon meets (no DNS, refused, timed out).
     */
    static String goUrlError(String method, URI uri, IOException e) {
        String op = method.isEmpty() ? "Get" : method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? String.valueOf(uri.getAuthority()) : uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : "http".equals(uri.getScheme()) ? 80 : 443;
        String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return op + " \"" + uri + "\": " + dialError(host, hostPort, e);
    }

    private static String dialError(String host, String hostPort, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "dial tcp: lookup " + host + ": no such host";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "dial tcp " + hostPort + ": i/o timeout";
            }
        }
        // the JDK's client gives a refused connection no message of its own
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && (t.getMessage() == null
                    || t.getMessage().toLowerCase(Locale.ROOT).contains("refused"))) {
                return "dial tcp " + hostPort + ": connect: connection refused";
            }
        }
        return "dial tcp " + hostPort + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
