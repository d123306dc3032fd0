package dev.berth.engine;

import dev.berth.actors.support.LiveEvents;
import dev.berth.api.backend.StreamHandle;
import dev.berth.api.backend.SystemBackend.EventSink;
import dev.berth.api.model.EventMessage;
import dev.berth.persistence.events.DockerEvent;
import dev.berth.persistence.events.EventCursor;
import dev.berth.spi.EngineException;
import dev.berth.persistence.events.EventLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.TreeSet;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /events}: history from the journal, then live events from the engine, without gaps or
 * repeats. The live subscription opens first and buffers; history runs; buffered events the history
 * already delivered (same persistence id, sequence number not newer) are dropped.
 */
public final class EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final java.util.function.Supplier<EventLog> log;
    private final LiveEvents live;
    private final ExecutorService threads;
    /** How long a live event waits for others published with it, to be sent in journal order. */
    private static final long GATHER_MS = 20;
    /**
     * Orderings are allocated at insert and rows commit concurrently, so history may have read row N+1
     * but not yet row N: a live event is a repeat only if history sent its very offset, and any event
     * this far below the history's end is taken as read (no commit lags that many rows).
     */
    private static final int LATE_COMMITS = 4096;
    private final AtomicInteger listeners = new AtomicInteger();

    /** @param log made on first use: the JDBC read journal costs start-up time and is only needed for history */
    public EventStream(java.util.function.Supplier<EventLog> log, LiveEvents live, ExecutorService threads) {
        this.log = log;
        this.live = live;
        this.threads = threads;
    }

    /** API clients listening to live events now ({@code /info}'s {@code NEventsListener}; the engine's own are not counted). */
    public int listeners() {
        return listeners.get();
    }

    /** As {@link #open(Instant, Instant, EventCursor, Predicate, EventSink)}, without a cursor. */
    public StreamHandle open(Instant since, Instant until, Predicate<DockerEvent> filter, EventSink sink) {
        return open(since, until, null, filter, sink);
    }

    /**
     * @throws EngineException INVALID_ARGUMENT for a cursor this journal did not give (beyond its end)
     */
    public void check(EventCursor after) {
        boolean reached;
        try {
            reached = log.get().reaches(after).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw EngineException.internal("reading the journal: " + e, e);
        }
        if (!reached) {
            throw EngineException.invalid("cursor " + after.text() + " is beyond the end of the journal");
        }
    }

    /**
     * Streams history (when {@code since} or {@code after} is given), then live events.
     *
     * @param after null = no cursor; else only events after it, history from it then live
     */
    public StreamHandle open(Instant since, Instant until, EventCursor after, Predicate<DockerEvent> filter,
                             EventSink sink) {
        return open(since, until, after, filter, sink, true);
    }

    /**
     * Every journaled event after {@code after}, history then live, for the engine's own readers (the
     * event sinks): not counted as an API listener.
     */
    public StreamHandle follow(EventCursor after, EventSink sink) {
        return open(null, null, after, e -> true, sink, false);
    }

    private StreamHandle open(Instant since, Instant until, EventCursor after, Predicate<DockerEvent> filter,
                              EventSink sink, boolean apiListener) {
        var queue = new LinkedBlockingQueue<DockerEvent>();
        AtomicBoolean closed = new AtomicBoolean();
        boolean wantLive = until == null || until.isAfter(Instant.now());
        AutoCloseable subscription = !wantLive ? () -> { }
                : apiListener ? counted(live.subscribe(queue::add)) : live.subscribe(queue::add);
        threads.execute(() -> {
            try (subscription) {
                Map<String, Long> seen = new HashMap<>();
                TreeSet<Long> sent = new TreeSet<>();
                long historyEnd = 0;
                if (since != null || after != null) {
                    boolean[] open = {true};
                    historyEnd = log.get().history(since, until, after, filter, e -> {
                        if (open[0] && !closed.get()) {
                            seen.merge(e.persistenceId(), e.sequenceNr(), Math::max);
                            remember(sent, e.offset());
                            open[0] = sink.event(message(e));
                        }
                    }).toCompletableFuture().get();
                    if (!open[0]) {
                        return;
                    }
                }
                var batch = new ArrayList<DockerEvent>();
                while (wantLive && !closed.get()) {
                    long waitMs = until == null ? 500 : Math.min(500, until.toEpochMilli() - System.currentTimeMillis());
                    if (waitMs <= 0) {
                        break;
                    }
                    DockerEvent first = queue.poll(waitMs, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    if (!liveBatch(first, queue, batch)) {
                        continue;
                    }
                    for (DockerEvent e : batch) {
                        Long last = seen.get(e.persistenceId());
                        if (e.offset() > 0 ? !e.isAfter(after) || sent.contains(e.offset())
                                || e.offset() <= historyEnd - LATE_COMMITS
                                // sequence 0: published live only, never journaled (health probes' execs), never a duplicate
                                : e.sequenceNr() > 0 && last != null && e.sequenceNr() <= last) {
                            continue;
                        }
                        if (until != null && e.time().isAfter(until)) {
                            return;
                        }
                        if (filter.test(e) && !sink.event(message(e))) {
                            return;
                        }
                    }
                }
            } catch (Exception e) {
                LOG.debug("event stream ended: {}", e.toString());
            } finally {
                sink.end();
            }
        });
        return () -> closed.set(true);
    }

    /**
     * Fills {@code batch} with {@code first} and whatever else arrives within {@link #GATHER_MS}, each
     * given its journal position and sorted by it: entities are journaled concurrently, and one may
     * publish its event a moment after another published a later one.
     *
     * @return false when nothing is left to send
     */
    private boolean liveBatch(DockerEvent first, LinkedBlockingQueue<DockerEvent> queue, List<DockerEvent> batch)
            throws InterruptedException {
        batch.clear();
        batch.add(first);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MS);
        DockerEvent next;
        while ((next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
            batch.add(next);
        }
        Map<String, Long> offsets = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            DockerEvent e = batch.get(i);
            if (e.sequenceNr() > 0) {
                long offset = offsets.computeIfAbsent(e.persistenceId() + "#" + e.sequenceNr(),
                        k -> offsetOf(e.persistenceId(), e.sequenceNr()));
                batch.set(i, e.at(offset, e.index()));
            }
        }
        // unknown positions (0) keep their arrival order, ahead of the positioned ones they came with
        batch.sort(Comparator.comparingLong(DockerEvent::offset).thenComparingInt(DockerEvent::index));
        return !batch.isEmpty();
    }

    /** Keeps the last {@link #LATE_COMMITS} offsets history sent: those a live event may repeat. */
    private static void remember(TreeSet<Long> sent, long offset) {
        sent.add(offset);
        if (sent.size() > LATE_COMMITS) {
            sent.pollFirst();
        }
    }

    private long offsetOf(String persistenceId, long sequenceNr) {
        try {
            return log.get().offsetOf(persistenceId, sequenceNr).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("no journal position for {} #{}: {}", persistenceId, sequenceNr, e.toString());
            return 0;
        }
    }

    private AutoCloseable counted(AutoCloseable subscription) {
        listeners.incrementAndGet();
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                listeners.decrementAndGet();
            }
            subscription.close();
        };
    }

    static EventMessage message(DockerEvent e) {
        long nanos = e.time().getEpochSecond() * 1_000_000_000L + e.time().getNano();
        boolean container = e.type().equals(DockerEvent.CONTAINER);
        String from = container ? e.attributes().get("image") : null;
        return new EventMessage(container || e.type().equals(DockerEvent.IMAGE) ? e.action() : null,
                container || e.type().equals(DockerEvent.IMAGE) ? e.actorId() : null, from, e.type(), e.action(),
                new EventMessage.Actor(e.actorId(), e.attributes()), "local", e.time().getEpochSecond(), nanos,
                e.offset() == 0 ? null : new EventMessage.Position(e.offset(), new EventCursor(e.offset(), e.index()).text()));
    }
}
