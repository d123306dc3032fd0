package dev.berth.persistence.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's one writing thread (see {@link JournalDatabase}). Jobs run in the order they were
 * queued; consecutive event writes share a transaction.
 */
final class JournalWriter {
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);

    static final String INSERT_EVENT = "INSERT INTO PUBLIC.\"event_journal\" (\"deleted\", \"persistence_id\", "
            + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", "
            + "\"event_ser_id\", \"event_ser_manifest\", \"meta_payload\", \"meta_ser_id\", \"meta_ser_manifest\") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_TAG = "INSERT INTO PUBLIC.\"event_tag\" (\"event_id\", \"tag\") VALUES (?, ?)";

    private sealed interface Job permits Rows, Task, Stop {}

    private record Rows(List<EventRow> rows, CompletableFuture<Void> done) implements Job {}

    private record Task<T>(JournalDatabase.Work<T> work, CompletableFuture<T> done) implements Job {}

    private record Stop() implements Job {}

    private final JournalDatabase db;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private Connection connection;

    JournalWriter(JournalDatabase db) {
        this.db = db;
        this.thread = new Thread(this::loop, "berth-journal-write");
        thread.setDaemon(true);
        thread.start();
    }

    CompletableFuture<Void> submitRows(List<EventRow> rows) {
        var done = new CompletableFuture<Void>();
        submit(new Rows(List.copyOf(rows), done), done);
        return done;
    }

    <T> CompletableFuture<T> submitTask(JournalDatabase.Work<T> work) {
        var done = new CompletableFuture<T>();
        submit(new Task<>(work, done), done);
        return done;
    }

    private void submit(Job job, CompletableFuture<?> done) {
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the journal is closed"));
            return;
        }
        queue.add(job);
    }

    /** Lets the queued jobs finish (up to 30 s), then closes the connection. */
    void close() {
        closed = true;
        queue.add(new Stop());
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("journal writes still running after 30 s at shutdown");
        } else {
            failQueued(); // a write that raced with close() and came in behind the stop
        }
    }

    private void loop() {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                continue; // only close() ends this thread, after the writes queued before it
            }
            if (job instanceof Stop) {
                failQueued();
                JournalDatabase.closeQuietly(connection);
                return;
            } else if (job instanceof Rows first) {
                writeGroup(first);
            } else if (job instanceof Task<?> task) {
                runTask(task);
            }
        }
    }

    private void failQueued() {
        var left = new ArrayList<Job>();
        queue.drainTo(left);
        for (Job job : left) {
            var e = new IllegalStateException("the journal is closed");
            if (job instanceof Rows r) {
                r.done().completeExceptionally(e);
            } else if (job instanceof Task<?> t) {
                t.done().completeExceptionally(e);
            }
        }
    }

    private void writeGroup(Rows first) {
        var group = new ArrayList<Rows>();
        group.add(first);
        int rows = first.rows().size();
        // Only this thread takes from the queue, so what peek saw is what poll returns.
        while (rows < db.writeBatch() && queue.peek() instanceof Rows next) {
            queue.poll();
            group.add(next);
            rows += next.rows().size();
        }
        try {
            Connection c = connection();
            try {
                for (Rows r : group) {
                    insert(c, r.rows());
                }
                c.commit();
            } catch (Exception e) {
                rollback(c);
                throw e;
            }
            group.forEach(r -> r.done().complete(null));
        } catch (Throwable e) {
            dropConnection();
            group.forEach(r -> r.done().completeExceptionally(e));
        }
    }

    private <T> void runTask(Task<T> task) {
        try {
            Connection c = connection();
            T result;
            try {
                result = task.work().run(c);
                c.commit();
            } catch (Exception e) {
                rollback(c);
                throw e;
            }
            task.done().complete(result);
        } catch (Throwable e) {
            dropConnection();
            task.done().completeExceptionally(e);
        }
    }

    /** Inserts the rows; the journal's {@code ordering} follows the order given. */
    static void insert(Connection c, List<EventRow> rows) throws SQLException {
        try (PreparedStatement event = c.prepareStatement(INSERT_EVENT, new String[] {"ordering"});
                PreparedStatement tag = c.prepareStatement(INSERT_TAG)) {
            for (EventRow row : rows) {
                event.setBoolean(1, row.deleted());
                event.setString(2, row.persistenceId());
                event.setLong(3, row.sequenceNr());
                event.setString(4, row.writer());
                event.setLong(5, row.writeTimestamp());
                event.setString(6, row.adapterManifest());
                event.setBytes(7, row.payload());
                event.setInt(8, row.serializerId());
                event.setString(9, row.serializerManifest());
                if (row.metaPayload() == null) {
                    event.setNull(10, Types.BLOB);
                    event.setNull(11, Types.INTEGER);
                    event.setNull(12, Types.VARCHAR);
                } else {
                    event.setBytes(10, row.metaPayload());
                    event.setInt(11, row.metaSerializerId());
                    event.setString(12, row.metaSerializerManifest());
                }
                event.executeUpdate();
                if (row.tags().isEmpty()) {
                    continue;
                }
                long ordering;
                try (ResultSet keys = event.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("no ordering returned for " + row.persistenceId() + " #" + row.sequenceNr());
                    }
                    ordering = keys.getLong(1);
                }
                for (String t : row.tags()) {
                    tag.setLong(1, ordering);
                    tag.setString(2, t);
                    tag.executeUpdate();
                }
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = db.open();
            connection.setAutoCommit(false);
        }
        return connection;
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is dropped next; H2 rolls back what it did not commit
        }
    }

    private void dropConnection() {
        JournalDatabase.closeQuietly(connection);
        connection = null;
    }
}
