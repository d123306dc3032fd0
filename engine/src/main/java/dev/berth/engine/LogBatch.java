package dev.berth.engine;

import dev.berth.api.backend.OutputSink;
import dev.berth.spi.runtime.LogEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Log entries gathered into writes of up to 64 KiB for {@code docker logs}' backlog: a million lines go
 * out in ~1,000 writes rather than a million flushed HTTP chunks (a task on the event loop and a syscall
 * each, which was most of the CPU left on that path). Each entry keeps its own frame.
 */
final class LogBatch {
    private static final int LIMIT = 64 * 1024;

    private final OutputSink sink;
    private final boolean timestamps;
    private final List<OutputSink.Chunk> chunks = new ArrayList<>();
    private int bytes;

    LogBatch(OutputSink sink, boolean timestamps) {
        this.sink = sink;
        this.timestamps = timestamps;
    }

    /** Adds an entry, writing the batch once it is full; false when the client is gone. */
    boolean add(LogEntry e) {
        byte[] data = ContainerLogs.data(e, timestamps);
        chunks.add(new OutputSink.Chunk(ContainerLogs.stream(e), data));
        bytes += 8 + data.length;
        return bytes < LIMIT || flush();
    }

    /** Writes what is gathered; false when the client is gone. */
    boolean flush() {
        if (chunks.isEmpty()) {
            return true;
        }
        boolean ok = sink.writeAll(chunks);
        chunks.clear();
        bytes = 0;
        return ok;
    }
}
