package dev.berth.actors.logs;

import dev.berth.spi.runtime.LogEntry;
import java.io.Closeable;
import java.io.IOException;

/** A log driver that sends each entry elsewhere (syslog, gelf), beside the local copy the shipper writes. */
interface RemoteWriter extends Closeable {
    /** Sends one entry; an IOException when it could not be sent (the entry is dropped, as dockerd drops it). */
    void send(LogEntry e) throws IOException;

    /** Called at each of the shipper's ticks: a writer that queues retries what is due. */
    default void tick() {
    }

    @Override
    void close();
}
