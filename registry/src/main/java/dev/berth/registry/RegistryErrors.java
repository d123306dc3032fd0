package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
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

    static RegistryException of(ErrorKind kind, String message) {
        return new RegistryException(kind, message, 0, null);
    }
}
