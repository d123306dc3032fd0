package dev.berth.engine;

import dev.berth.actors.support.LiveEvents;
import dev.berth.api.backend.StreamHandle;
import dev.berth.api.backend.SystemBackend.EventSink;
import dev.berth.api.model.EventMessage;
import dev.berth.persistence.events.DockerEvent;
import dev.berth.persistence.events.EventLog;
import java.time.Instant;
import java.util.HashMap;
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

    public StreamHandle open(Instant since, Instant until, Predicate<DockerEvent> filter, EventSink sink) {
        var queue = new LinkedBlockingQueue<DockerEvent>();
        AtomicBoolean closed = new AtomicBoolean();
        boolean wantLive = until == null || until.isAfter(Instant.now());
        AutoCloseable subscription = wantLive ? counted(live.subscribe(queue::add)) : () -> { };
        threads.execute(() -> {
            try (subscription) {
                Map<String, Long> seen = new HashMap<>();
                if (since != null) {
                    boolean[] open = {true};
                    log.get().history(since, until, filter, e -> {
                        if (open[0] && !closed.get()) {
                            seen.merge(e.persistenceId(), e.sequenceNr(), Math::max);
                            open[0] = sink.event(message(e));
                        }
                    }).toCompletableFuture().get();
                    if (!open[0]) {
                        return;
                    }
                }
                while (wantLive && !closed.get()) {
                    long waitMs = until == null ? 500 : Math.min(500, until.toEpochMilli() - System.currentTimeMillis());
                    if (waitMs <= 0) {
                        break;
                    }
                    DockerEvent e = queue.poll(waitMs, TimeUnit.MILLISECONDS);
                    if (e == null) {
                        continue;
                    }
                    Long last = seen.get(e.persistenceId());
                    // sequence 0: published live only, never journaled (health probes' execs), never a duplicate
                    if (e.sequenceNr() > 0 && last != null && e.sequenceNr() <= last) {
                        continue;
                    }
                    if (until != null && e.time().isAfter(until)) {
                        break;
                    }
                    if (filter.test(e) && !sink.event(message(e))) {
                        return;
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
                new EventMessage.Actor(e.actorId(), e.attributes()), "local", e.time().getEpochSecond(), nanos);
    }
}
