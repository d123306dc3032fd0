package dev.berth.daemon.sinks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.backend.StreamHandle;
import dev.berth.api.backend.SystemBackend;
import dev.berth.api.model.EventMessage;
import dev.berth.engine.EventStream;
import dev.berth.persistence.events.EventCursor;
import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.SinkEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's delivery: follows the journal from the sink's stored position ({@link EventStream#follow},
 * history then live) into a bounded buffer, and hands the buffer to the sink in batches on a thread of its
 * own ({@code berth-sink-NAME}), the calls themselves on another ({@code berth-sink-NAME-call}) so a call
 * can be timed out without ever running two at once. After each acknowledged batch the position is stored
 * ({@link SinkOffsets}). A full buffer ends the journal stream; when the buffer has drained the stream is
 * opened again after the last buffered event, so a sink that hangs costs a bounded amount of memory and
 * catches up from the journal.
 */
final class SinkReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int BATCH = 1000;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final String name;
    private final String type;
    private final EventSink sink;
    private final SinkOffsets offsets;
    private final EventStream events;
    private final Duration timeout;
    private final LongUnaryOperator behindJournal;
    private final BlockingQueue<SinkEvent> buffer;
    private final Thread deliverer;
    private final ExecutorService caller;

    private volatile boolean running = true;
    private volatile EventCursor acknowledged;
    /** The last position put in the buffer: where a new journal stream starts. */
    private volatile EventCursor buffered;
    private volatile boolean streaming;
    private volatile StreamHandle stream;
    private volatile int inFlight;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    /**
     * @param behindJournal how many journal entries lie after an offset ({@code EventLog#entriesAfter})
     * @param capacity      events buffered before the stream is ended to be read again later
     */
    SinkReader(String name, String type, EventSink sink, SinkOffsets offsets, EventStream events, Duration timeout,
               LongUnaryOperator behindJournal, int capacity) {
        this.name = name;
        this.type = type;
        this.sink = sink;
        this.offsets = offsets;
        this.events = events;
        this.timeout = timeout;
        this.behindJournal = behindJournal;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.acknowledged = offsets.read(name);
        this.buffered = acknowledged;
        this.caller = Executors.newSingleThreadExecutor(r -> daemonThread(r, "berth-sink-" + name + "-call"));
        this.deliverer = daemonThread(this::run, "berth-sink-" + name);
    }

    private static Thread daemonThread(Runnable r, String threadName) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
    }

    void start() {
        LOG.info("event sink {} ({}) delivering after {}", name, type, acknowledged.text());
        deliverer.start();
    }

    SinkStatus status() {
        long lag = buffer.size() + inFlight;
        if (!streaming && running) {
            lag += behindJournal.applyAsLong(buffered.offset());
        }
        return new SinkStatus(name, type, acknowledged.text(), lag, delivered.get(), failures.get(), lastError,
                lastErrorAt);
    }

    private void run() {
        try {
            while (running) {
                if (!streaming && buffer.isEmpty()) {
                    openStream();
                }
                SinkEvent first = buffer.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<SinkEvent> batch = new ArrayList<>(Math.min(BATCH, buffer.size() + 1));
                batch.add(first);
                buffer.drainTo(batch, BATCH - 1);
                inFlight = batch.size();
                deliver(batch);
                inFlight = 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void openStream() {
        streaming = true;
        stream = events.follow(buffered, new SystemBackend.EventSink() {
            @Override
            public boolean event(EventMessage message) {
                return running && offer(message);
            }

            @Override
            public void end() {
                streaming = false;
            }
        });
    }

    /** On the stream's thread: false ends the stream (buffer full, or stopping). */
    private boolean offer(EventMessage message) {
        if (message.berth() == null || message.berth().offset() == 0) {
            return true; // never journaled (a health probe's exec): no position to resume from
        }
        EventCursor cursor = EventCursor.parse(message.berth().cursor());
        String json;
        try {
            json = JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!buffer.offer(new SinkEvent(cursor.offset(), cursor.index(), json))) {
            return false; // read again from the journal once the sink has caught up with the buffer
        }
        // a live event journaled just before one already sent arrives late: delivered, never a step back
        buffered = later(buffered, cursor);
        return true;
    }

    /** Until the sink takes {@code batch} or berthd stops; then the position is stored. */
    private void deliver(List<SinkEvent> batch) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            Future<?> call = caller.submit(() -> {
                sink.deliver(batch);
                return null;
            });
            String failure;
            try {
                call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                acknowledge(batch);
                return;
            } catch (TimeoutException e) {
                // interrupted, but the next call still queues behind it on the one call thread: never two at once
                call.cancel(true);
                failure = "no answer within " + timeout.toSeconds() + " s";
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                failure = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            }
            failures.incrementAndGet();
            lastError = failure;
            lastErrorAt = Instant.now();
            LOG.warn("event sink {}: delivering {} events from {} failed: {}; again in {} s", name, batch.size(),
                    batch.get(0).cursor(), failure, backoff.toSeconds());
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private void acknowledge(List<SinkEvent> batch) {
        EventCursor cursor = acknowledged;
        for (SinkEvent e : batch) {
            cursor = later(cursor, new EventCursor(e.offset(), e.index()));
        }
        try {
            offsets.write(name, cursor);
        } catch (Exception e) {
            // the events were taken; a restart repeats them, which the contract allows
            LOG.warn("event sink {}: storing position {} failed: {}", name, cursor.text(), e.toString());
        }
        acknowledged = cursor;
        delivered.addAndGet(batch.size());
        if (lastError != null) {
            LOG.info("event sink {} delivering again (at {})", name, cursor.text());
            lastError = null;
            lastErrorAt = null;
        }
    }

    private static EventCursor later(EventCursor a, EventCursor b) {
        boolean bAfter = b.offset() > a.offset() || (b.offset() == a.offset() && b.index() > a.index()
                && a.index() != Integer.MAX_VALUE);
        return bAfter ? b : a;
    }

    /** Stops reading; waits a moment for a call under way, then closes the sink. */
    @Override
    public void close() {
        running = false;
        StreamHandle s = stream;
        if (s != null) {
            s.close();
        }
        deliverer.interrupt();
        caller.shutdown();
        try {
            deliverer.join(TimeUnit.SECONDS.toMillis(5));
            if (caller.awaitTermination(5, TimeUnit.SECONDS)) {
                sink.close();
            } else {
                LOG.warn("event sink {}: a call is still under way at stop; not closed", name);
                caller.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("event sink {}: close failed: {}", name, e.toString());
        }
    }
}
