package dev.berth.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * Keeps the journal's file near the size of what it holds. H2's MVStore never overwrites a chunk that
 * still has one live page, and every commit writes a new chunk with the changed pages up to each
 * B-tree's root, so old chunks stay partly live for ever: H2 rewrites such sparse chunks from its
 * background writer, which {@code WRITE_DELAY=0} (every acknowledged event written at its commit,
 * {@link JournalConfig}) turns off. Without it the file grew ~150 KB per {@code run --rm} while the
 * rows it holds are ~1–2 KB per event. This pass does what the background writer would: it writes the
 * live pages of sparse chunks again, so that the old chunks hold nothing and their space is reused by
 * later chunks once it has been free for H2's retention time (45 s). The file stops growing; it is not
 * cut back.
 *
 * <p>Durability is unchanged: rewritten pages go into new chunks like any commit's, nothing younger
 * than the retention time is overwritten, and a kill -9 finds the last complete chunk as before.
 */
public final class JournalCompaction {
    /** Compact only when the chunks hold less live data than this percentage: a file at most twice its data. */
    static final int SPARSE_FILL_RATE = 50;

    /** A pass rewrites the chunks less full than this. */
    static final int REWRITE_BELOW_FILL_RATE = 80;

    /** How much one step of a pass writes at most. */
    static final int REWRITE_BYTES = 4 * 1024 * 1024;

    /** What one pass did: the chunks' fill rate (percent of live bytes), the file's size before and after, its time. */
    public record Result(int fillRateBefore, int fillRateAfter, long fileBytesBefore, long fileBytesAfter, long millis) {
        public boolean compacted() {
            return millis >= 0;
        }
    }

    private JournalCompaction() {}

    /**
     * When the file is sparse, compacts it for about {@code budgetMillis} (H2 checks the time between
     * steps of up to 16 MB). The journal must be open in this process (the daemon holds it open): this
     * borrows the open database, it never opens the file a second time.
     */
    public static Result compact(Path dataRoot, long budgetMillis) {
        Path file = databaseFile(dataRoot);
        try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER,
                JournalSchema.PASSWORD)) {
            MVStore store = store(c);
            FileStore<?> fileStore = store.getFileStore();
            long sizeBefore = size(file);
            int before = fileStore.getChunksFillRate();
            if (before >= SPARSE_FILL_RATE) {
                return new Result(before, before, sizeBefore, sizeBefore, -1);
            }
            long t0 = System.nanoTime();
            long stopAt = t0 + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
            // What H2's background writer does between commits, REWRITE_BYTES at a time: the live pages of
            // sparse chunks are written again into a new chunk, like any commit's, so that the old chunks hold
            // nothing and their space is reused by later chunks once the retention time has passed. Not H2's
            // compactFile(), which also moves chunks and cuts the file's end while commits go on: killed -9 inside
            // its passes, 3 of 8 runs of JournalCompactionKillTest found acknowledged rows gone (up to 3), with
            // the retention time at 0 (as compactFile sets it) or kept; this pass lost none in 9 runs.
            while (store.compact(REWRITE_BELOW_FILL_RATE, REWRITE_BYTES) && System.nanoTime() < stopAt) {
                // the next step
            }
            return new Result(before, fileStore.getChunksFillRate(), sizeBefore, size(file),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the journal to compact it: " + e.getMessage(), e);
        }
    }

    /** The MVStore under a connection to the journal (H2 shares one per open database in a process). */
    static MVStore store(Connection c) throws SQLException {
        return ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
    }

    static Path databaseFile(Path dataRoot) {
        return Path.of(JournalConfig.databaseFile(dataRoot) + ".mv.db");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
