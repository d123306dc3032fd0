package dev.berth.api.backend;

/** Progress of a long operation, rendered by the API as Docker's JSON-lines messages. */
public interface ProgressSink {
    /** A status line: {@code {"status": status, "id": id, "progressDetail": {current,total}}}; id/current/total optional (null, -1). */
    void status(String id, String status, long current, long total);

    /** An {@code aux} message: {@code {"aux": value}} (push ends with Tag, Digest, Size). */
    default void aux(java.util.Map<String, Object> value) {
    }

    /** A {@code stream} message: {@code {"stream": text}} (load prints {@code Loaded image: …\n}). */
    default void stream(String text) {
        status(null, text.strip(), -1, -1);
    }
}
