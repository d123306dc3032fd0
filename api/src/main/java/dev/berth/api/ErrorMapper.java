package dev.berth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that decides which HTTP status and message an exception becomes. */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private static final Pattern BAD_CHAR = Pattern.compile("(?:Unexpected character|Unrecognized token) \\(?'([^']*)'");

    record Mapped(HttpResponseStatus status, String message) {}

    private ErrorMapper() {}

    static HttpResponseStatus status(ErrorKind kind) {
        return switch (kind) {
            case INVALID_ARGUMENT -> HttpResponseStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case CONFLICT -> HttpResponseStatus.CONFLICT;
            case UNAUTHORIZED -> HttpResponseStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpResponseStatus.FORBIDDEN;
            case NOT_MODIFIED -> HttpResponseStatus.NOT_MODIFIED;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case NOT_IMPLEMENTED -> HttpResponseStatus.NOT_IMPLEMENTED;
            case INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }

    static Mapped map(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof EngineException ee) {
            if (ee.kind() == ErrorKind.INTERNAL) {
                LOG.warn("internal error: {}", ee.getMessage(), ee);
            }
            return new Mapped(status(ee.kind()), goErrno(ee.getMessage()));
        }
        if (e instanceof MismatchedInputException mismatch) {
            String typed = GoTypeErrors.message(mismatch);
            if (typed != null) {
                return new Mapped(HttpResponseStatus.BAD_REQUEST, typed);
            }
        }
        if (e instanceof JsonMappingException jm && jm.getCause() instanceof InputCoercionException range) {
            String typed = GoTypeErrors.outOfRange(jm, range);
            if (typed != null) {
                return new Mapped(HttpResponseStatus.BAD_REQUEST, typed);
            }
        }
        if (e instanceof JsonProcessingException je) {
            return new Mapped(HttpResponseStatus.BAD_REQUEST, jsonMessage(je));
        }
        LOG.error("unexpected error serving a request", e);
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new Mapped(HttpResponseStatus.INTERNAL_SERVER_ERROR, goErrno(msg));
    }

    /**
     * The JDK capitalizes strerror ("No space left on device"); Go, and so dockerd, does not, and
     * scripts grep for dockerd's "no space left on device".
     */
    static String goErrno(String message) {
        return message == null ? null : message.replace("No space left on device", "no space left on device")
                .replace("Read-only file system", "read-only file system");
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Go's encoding/json wording, which clients and scripts grep for. */
    private static String jsonMessage(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher m = BAD_CHAR.matcher(original);
        if (m.find() && !m.group(1).isEmpty()) {
            return "invalid character '" + m.group(1).charAt(0) + "' looking for beginning of value";
        }
        if (original.contains("end-of-input")) {
            return "unexpected end of JSON input";
        }
        return "invalid JSON: " + original.lines().findFirst().orElse("");
    }
}
