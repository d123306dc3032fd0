package dev.berth.api.backend;

/** Progress of a long operation, rendered by the API as Docker's JSON-lines messages. */
public interface ProgressSink {
    /** A status line: {@code {"status": status, "id": id, "progressDetail": {current,total}}}; id/current/total optional (null, -1). */
    void status(String id, String status, long current, long total);
}
