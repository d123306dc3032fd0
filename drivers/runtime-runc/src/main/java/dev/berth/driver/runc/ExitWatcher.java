package dev.berth.driver.runc;

import dev.berth.spi.runtime.ExitListener;
import dev.berth.spi.runtime.ExitStatus;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that notices runs ending: conmon's exit files appearing (WatchService), plus a slow
 * poll that catches what the watch misses and runs whose conmon died without writing a file. Each
 * tracked run reaches the listener exactly once: whoever removes it from the map reports it.
 */
final class ExitWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);
    private static final long POLL_MS = 2_000;

    private final Path exitDir;
    /** Reads a finished run's status, or empty while it is still running. */
    private final Function<String, Optional<ExitStatus>> probe;
    private final ConcurrentHashMap<String, Boolean> tracked = new ConcurrentHashMap<>();
    private final WatchService watch;
    private final Thread thread;
    private volatile ExitListener listener = (id, status) -> { };
    private volatile boolean closed;

    ExitWatcher(Path exitDir, Function<String, Optional<ExitStatus>> probe) throws IOException {
        this.exitDir = exitDir;
        this.probe = probe;
        this.watch = FileSystems.getDefault().newWatchService();
        exitDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        this.thread = new Thread(this::loop, "berth-runc-exits");
        thread.setDaemon(true);
        thread.start();
    }

    void setListener(ExitListener listener) {
        this.listener = listener;
    }

    /** From now on, this id's next exit is reported. */
    void track(String id) {
        tracked.put(id, Boolean.TRUE);
    }

    /** Forget a run without reporting it (its start failed). */
    void untrack(String id) {
        tracked.remove(id);
    }

    boolean isTracked(String id) {
        return tracked.containsKey(id);
    }

    /** Checks one id now (used by delete to report a run it just killed). */
    void check(String id) {
        if (tracked.containsKey(id)) {
            probe.apply(id).ifPresent(s -> report(id, s));
        }
    }

    private void loop() {
        long nextPoll = System.currentTimeMillis() + POLL_MS;
        while (!closed) {
            try {
                WatchKey key = watch.poll(Math.max(1, nextPoll - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (key != null) {
                    for (WatchEvent<?> e : key.pollEvents()) {
                        if (e.context() instanceof Path p) {
                            // conmon writes <id>.XXXXXX then renames it to <id>: only exact ids count
                            check(p.getFileName().toString());
                        } else {
                            pollAll(); // overflow
                        }
                    }
                    key.reset();
                }
                if (System.currentTimeMillis() >= nextPoll) {
                    pollAll();
                    nextPoll = System.currentTimeMillis() + POLL_MS;
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("exit watcher: {}", e.toString(), e);
            }
        }
    }

    private void pollAll() {
        for (String id : tracked.keySet()) {
            check(id);
        }
    }

    private void report(String id, ExitStatus status) {
        if (tracked.remove(id) == null) {
            return;
        }
        LoggerFactory.getLogger("berth.phase").debug("{} exit seen (code {})", id.substring(0, Math.min(12, id.length())),
                status.exitCode());
        try {
            listener.exited(id, status);
        } catch (RuntimeException e) {
            LOG.warn("exit listener failed for {}: {}", id, e.toString(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException e) {
            // closing anyway
        }
        thread.interrupt();
    }

    Path exitDir() {
        return exitDir;
    }
}
