package dev.berth.actors.support;

import dev.berth.persistence.events.DockerEvent;
import dev.berth.persistence.events.DockerEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * In-process publication of just-journaled events: the journal's read side polls and would show
 * them late, so entities hand each event here right after it is persisted.
 */
public final class LiveEvents {
    private final List<Consumer<DockerEvent>> subscribers = new CopyOnWriteArrayList<>();
    private volatile Acknowledged acknowledged = (pid, seq, event) -> { };

    /** Hears every journaled event before its entity answers (the daemon's acknowledged-events log). */
    @FunctionalInterface
    public interface Acknowledged {
        void journaled(String persistenceId, long sequenceNr, Object event);
    }

    public void onJournaled(Acknowledged sink) {
        this.acknowledged = sink;
    }

    public AutoCloseable subscribe(Consumer<DockerEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Called on the entity's thread after a persist; subscribers must not block. */
    public void journaled(String persistenceId, long sequenceNr, Object event, Object stateBefore) {
        acknowledged.journaled(persistenceId, sequenceNr, event);
        if (subscribers.isEmpty()) {
            return;
        }
        List<DockerEvent> mapped = DockerEvents.map(persistenceId, sequenceNr, event, stateBefore);
        for (int i = 0; i < mapped.size(); i++) {
            // the journal position (offset) is looked up by the stream that needs it, off this thread
            DockerEvent e = mapped.get(i).at(0, i);
            for (Consumer<DockerEvent> s : subscribers) {
                s.accept(e);
            }
        }
    }
}
