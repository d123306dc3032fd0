package dev.berth.actors.logs;

import dev.berth.spi.runtime.LogEntry;
import java.io.Closeable;
import java.io.IOException;

/** A log driver that sends each entry elsewhere (syslog, gelf), beside the local copy the shipper writes. */
interface RemoteWriter extends Closeable {
    /** Sends one entry; an IOException when it could not be sent (the entry is dropped, as dockerd drops it). */
    void send(LogEntry e) throws IOException;

    /** The length of an entry's line without its newline: what dockerd's drivers send (0: an empty line). */
    static int lineLength(LogEntry e) {
        int end = e.data().length;
        return end > 0 && e.data()[end - 1] == '\n' ? end - 1 : end;
    }

    /** Called at each of the shipper's ticks: a writer that queues retries what is due. */
    default void tick() {
    }

    @Override
    void close();
}
