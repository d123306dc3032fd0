package dev.berth.spi.events;

import java.util.List;

/**
 * Receives every journaled event, for audit: a file, syslog, a message bus. berthd reads the journal for
 * each sink on its own, from the position it stored for that sink, and hands it the events in batches.
 *
 * <p><b>Delivery.</b> At least once, in journal order: each batch holds events after the previous one's,
 * in increasing {@link SinkEvent#cursor() cursor} order. When {@link #deliver} returns normally the batch
 * is acknowledged: berthd stores the position of its last event durably and never delivers those events
 * again. When it throws, times out, or berthd is stopped (or killed) before storing the position, the
 * same events are delivered again, from the first unacknowledged one; so a sink that must not keep an
 * event twice skips any whose cursor is not after the last it kept. (One more repeat, not dedupable by
 * cursor: an event H2 acknowledged but lost in a kill -9 is journaled again at a new, higher offset.)
 *
 * <p><b>Threading.</b> One call at a time per sink, always from the same thread of that sink's own;
 * sinks never share a thread with each other or with the engine. {@code deliver} may block (write,
 * fsync, send): only this sink waits.
 *
 * <p><b>Failure.</b> A throw is logged with its message, shown in {@code GET /info} and retried with the
 * same events after a back-off (1 s doubling to 1 min). A call that has not returned within the
 * time-out (daemon.json {@code event-sinks[].timeout}, default 30 s) counts as failed: its thread is
 * interrupted, and the retry waits until that call returns (calls never overlap). Meanwhile the sink's
 * lag grows; the engine and the other sinks go on; when the sink recovers it catches up from the journal.
 *
 * <p><b>Lifecycle.</b> Made by {@link EventSinkProvider#create}; {@link #close()} once, when berthd
 * stops, after the last call returned (not after a kill).
 */
public interface EventSink extends AutoCloseable {
    /**
     * Takes a batch: return normally only when the events are where they must be (written, flushed,
     * sent), since that acknowledges them.
     *
     * @param batch 1 to 1000 events, in journal order
     * @throws Exception any: the batch is delivered again after a back-off
     */
    void deliver(List<SinkEvent> batch) throws Exception;

    /** Lets go of files and sockets. */
    @Override
    default void close() throws Exception {
    }
}
