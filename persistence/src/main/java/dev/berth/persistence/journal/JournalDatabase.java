package dev.berth.persistence.journal;

import com.typesafe.config.Config;
import dev.berth.persistence.JournalConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal database as {@link H2Journal} and {@link H2SnapshotStore} share it, one per actor system:
 * plain JDBC to the H2 file at {@code berth.journal.url}, no pool library.
 *
 * <ul>
 *   <li>Writes run on one thread, {@code berth-journal-write}, over one connection. Event writes that
 *       queue up while a transaction commits go into the next transaction together (at most
 *       {@code berth.journal.write-batch} rows), each caller's future completed only after that
 *       commit: H2 writes its store at every commit ({@code WRITE_DELAY=0}), so a burst of events from
 *       many entities costs one store write, not one each. H2 takes one writer at a time anyway.</li>
 *   <li>Reads (replay, highest sequence number, snapshot loads) run on {@code berth.journal.readers}
 *       threads, each with a connection of its own, opened on first use; H2's MVCC lets them read
 *       committed rows while the writer writes.</li>
 * </ul>
 *
 * A connection that failed is closed and opened again for the next job, so a database H2 closed
 * after an I/O error is reopened (or fails again, loudly) rather than left half-usable.
 */
public final class JournalDatabase implements Extension {
    private static final Logger LOG = LoggerFactory.getLogger(JournalDatabase.class);

    /** A piece of JDBC work on a connection the caller must not keep. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws Exception;
    }

    public static final Id ID = new Id();

    public static final class Id extends AbstractExtensionId<JournalDatabase> {
        @Override
        public JournalDatabase createExtension(ExtendedActorSystem system) {
            JournalDatabase db = new JournalDatabase(system.settings().config().getConfig("berth.journal"));
            system.registerOnTermination(db::close);
            return db;
        }
    }

    public static JournalDatabase get(ActorSystem system) {
        return ID.get(system);
    }

    private final String url;
    private final String user;
    private final String password;
    private final int writeBatch;
    private final JournalWriter writer;
    private final ExecutorService readers;
    private final BlockingQueue<Connection> idleReaders;

    JournalDatabase(Config config) {
        if (!config.hasPath("url")) {
            throw new IllegalStateException("berth.journal.url is not set (JournalConfig.forDataRoot sets it)");
        }
        this.url = config.getString("url");
        this.user = config.getString("user");
        this.password = config.getString("password");
        this.writeBatch = atLeastOne(config, "write-batch");
        int readerCount = atLeastOne(config, "readers");
        this.idleReaders = new ArrayBlockingQueue<>(readerCount);
        this.writer = new JournalWriter(this);
        AtomicInteger n = new AtomicInteger();
        this.readers = new ThreadPoolExecutor(readerCount, readerCount, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "berth-journal-read-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A count setting, refused naming itself when it is below 1 (a mistyped value is refused by the config library). */
    private static int atLeastOne(Config config, String key) {
        int value = config.getInt(key);
        if (value < 1) {
            throw new IllegalArgumentException("berth.journal." + key + " must be at least 1, not " + value);
        }
        return value;
    }

    int writeBatch() {
        return writeBatch;
    }

    Connection open() throws SQLException {
        return JournalConnections.open(url, user, password);
    }

    /** Runs {@code work} on a reader thread and connection; the connection is in auto-commit mode. */
    public <T> CompletableFuture<T> read(Work<T> work) {
        var done = new CompletableFuture<T>();
        try {
            readers.execute(() -> {
                Connection c = idleReaders.poll();
                try {
                    if (c == null) {
                        c = open();
                    }
                    done.complete(work.run(c));
                    idleReaders.offer(c);
                } catch (Throwable e) {
                    closeQuietly(c);
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new IllegalStateException("the journal is closed", e));
        }
        return done;
    }

    /** Runs {@code work} in one transaction on the writer thread, after the writes queued before it. */
    public <T> CompletableFuture<T> transaction(Work<T> work) {
        return writer.submitTask(work);
    }

    /** Writes the rows in one transaction (perhaps shared with other writes), committed before completing. */
    CompletableFuture<Void> write(List<EventRow> rows) {
        return writer.submitRows(rows);
    }

    /** Finishes the queued writes, then closes every connection. */
    void close() {
        writer.close();
        readers.shutdown();
        try {
            if (!readers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("journal reads still running after 10 s at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var idle = new ArrayList<Connection>();
        idleReaders.drainTo(idle);
        idle.forEach(JournalDatabase::closeQuietly);
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // already broken; nothing more to release
            }
        }
    }
}
