package dev.berth.api;

import dev.berth.api.backend.BuildFailedException;
import dev.berth.api.backend.ProgressSink;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Docker's JSON-lines progress body. The 200 goes out with the first line, so an error before any
 * progress is still a plain error response; after that, errors become an {@code errorDetail} line.
 */
final class ProgressStream implements ProgressSink {
    private final Exchange exchange;
    private ChunkedStream out;

    ProgressStream(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public void status(String id, String status, long current, long total) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("status", status);
        Map<String, Object> detail = new LinkedHashMap<>();
        if (current >= 0) {
            detail.put("current", current);
        }
        if (total >= 0) {
            detail.put("total", total);
        }
        line.put("progressDetail", detail);
        String bar = current >= 0 && total > 0 || current > 0 ? ProgressBar.render(current, total) : "";
        if (!bar.isEmpty()) {
            line.put("progress", bar);
        }
        if (id != null) {
            line.put("id", id);
        }
        line(line);
    }

    @Override
    public void aux(Map<String, Object> value) {
        line(Map.of("progressDetail", Map.of(), "aux", value));
    }

    @Override
    public void stream(String text) {
        line(Map.of("stream", text));
    }

    synchronized void line(Object value) {
        if (out == null) {
            out = exchange.stream(HttpResponseStatus.OK, Responses.JSON);
        }
        out.write(Json.line(value));
    }

    /** Ends the stream; one that never wrote a line is an empty 200 (a load that skipped every image). */
    synchronized void end() {
        if (out == null) {
            out = exchange.stream(HttpResponseStatus.OK, Responses.JSON);
        }
        out.end();
    }

    /** Reports {@code error} in the stream if it started; false when the caller should answer with it. */
    synchronized boolean fail(Throwable error) {
        if (out == null) {
            return false;
        }
        String message = ErrorMapper.map(error).message();
        Map<String, Object> detail = new LinkedHashMap<>();
        if (error instanceof BuildFailedException failed) {
            detail.put("code", failed.code());
        }
        detail.put("message", message);
        out.write(Json.line(Map.of("errorDetail", detail, "error", message)));
        out.end();
        return true;
    }
}
