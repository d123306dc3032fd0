package dev.berth.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends berthd when its journal can no longer be written. H2 closes its store for good after a failed
 * write (a full disk: ENOSPC) and does not reopen it when space returns; every entity that persists
 * after that stops, and requests hang until they time out — a daemon alive for reads only, which
 * cannot be put right without a restart. So the daemon's own connection to the journal is asked every
 * {@link #PERIOD_MS} ms whether it still works; when it does not, berthd logs why and what to do and
 * exits 1 (containers keep running under conmon; the next start recovers from what was written).
 */
final class JournalWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalWatch.class);
    static final long PERIOD_MS = 250;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "berth-journal-watch");
        t.setDaemon(true);
        return t;
    });

    JournalWatch(Connection keeper, Path dataRoot, Path journalFile) {
        timer.scheduleWithFixedDelay(() -> {
            try (Statement st = keeper.createStatement()) {
                st.execute("SELECT 1");
            } catch (SQLException e) {
                String message = "journal " + journalFile + " can no longer be written (" + e.getMessage()
                        + "; " + usable(dataRoot) + "): berthd stops; make room under " + dataRoot
                        + " and start it again (containers keep running)";
                LOG.error(message);
                System.err.println("berthd: " + message);
                timer.shutdown();
                // exit runs the shutdown hook (Daemon.stop): the socket closes, requests in flight end
                new Thread(() -> System.exit(1), "berth-journal-exit").start();
            }
        }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private static String usable(Path dataRoot) {
        try {
            long free = Files.getFileStore(dataRoot).getUsableSpace();
            return free < 1024 * 1024 ? "no space left on device: " + free / 1024 + " KiB free"
                    : free / (1024 * 1024) + " MiB free";
        } catch (IOException e) {
            return "free space unknown";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            // the stop that follows uses the same connection for SHUTDOWN
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
