package dev.berth.engine;

import dev.berth.actors.container.ContainerView;
import dev.berth.persistence.container.ContainerState;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.AttachSession;
import dev.berth.spi.runtime.RuntimeDriver;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input side of one attach: the client's bytes to the container's stdin through the runtime's
 * {@link AttachSession}. The docker CLI attaches before it starts the container, so the session is
 * opened lazily, on the first input, once the run that is current or next at attach time is running;
 * input for a run that ended (or a container that is gone) is dropped, as Docker drops it.
 * {@link #input} and {@link #closeInput} come from one thread at a time; {@link #close} from any.
 */
final class AttachInput {
    private static final Logger LOG = LoggerFactory.getLogger(AttachInput.class);
    private static final long POLL_MS = 20;

    private final String id;
    private final RuntimeDriver runtime;
    private final ContainerView view;
    private final Executor closer;
    private final Instant attachedAt = Instant.now();
    // guarded by this
    private AttachSession session;
    private boolean closed;
    private boolean gone;

    AttachInput(String id, RuntimeDriver runtime, ContainerView view, Executor closer) {
        this.id = id;
        this.runtime = runtime;
        this.view = view;
        this.closer = closer;
    }

    void input(byte[] data) {
        AttachSession s = session();
        if (s == null) {
            return;
        }
        try {
            s.stdin().write(data);
        } catch (IOException e) {
            LOG.debug("stdin of {} is gone: {}", id, e.getMessage());
            synchronized (this) {
                gone = true;
            }
        }
    }

    void closeInput() {
        AttachSession s = session();
        if (s != null) {
            s.closeStdin();
        }
    }

    /** Ends the session (off the caller's thread: it may be an event loop). */
    void close() {
        AttachSession s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = session;
            session = null;
        }
        if (s != null) {
            closer.execute(s::close);
        }
    }

    /** The session, connecting when the container runs; null when input is to be dropped. */
    private AttachSession session() {
        while (true) {
            synchronized (this) {
                if (closed || gone) {
                    return null;
                }
                if (session != null) {
                    return session;
                }
            }
            ContainerState state = view.get(id).orElse(null);
            if (state == null || ended(state)) {
                synchronized (this) {
                    gone = true;
                }
                return null;
            }
            if (state instanceof ContainerState.Running) {
                try {
                    AttachSession s = runtime.attach(id);
                    synchronized (this) {
                        if (!closed) {
                            session = s;
                            return s;
                        }
                    }
                    s.close();
                    return null;
                } catch (EngineException e) {
                    // not up yet, or just ended: the state tells which on the next round
                    LOG.debug("attaching to the stdin of {}: {}", id, e.getMessage());
                }
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** The run this attach belongs to (current or next at attach time) has ended. */
    private boolean ended(ContainerState s) {
        if (s instanceof ContainerState.Running || s instanceof ContainerState.Starting) {
            return false;
        }
        Instant finished = s.info().finishedAt();
        return finished != null && !finished.isBefore(attachedAt.minusMillis(1000));
    }
}
