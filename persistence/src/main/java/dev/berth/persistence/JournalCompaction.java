package dev.berth.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
 * rows it holds are ~1–2 KB per event. This pass does what the background writer would: it rewrites
 * the live pages of sparse chunks and moves the chunks together, as H2 does when it closes a database.
 *
 * <p>Durability is unchanged: H2 syncs the rewritten chunks before it overwrites old ones, commits wait
 * for the pass (they are not lost or reordered), and a kill -9 finds the last complete chunk as before.
 */
public final class JournalCompaction {
    /** Compact only when the chunks hold less live data than this percentage: a file at most twice its data. */
    static final int SPARSE_FILL_RATE = 50;

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
        try (Connection c = JournalConnections.open(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER,
                JournalSchema.PASSWORD)) {
            MVStore store = store(c);
            FileStore<?> fileStore = store.getFileStore();
            long sizeBefore = size(file);
            int before = fileStore.getChunksFillRate();
            if (before >= SPARSE_FILL_RATE) {
                return new Result(before, before, sizeBefore, sizeBefore, -1);
            }
            long t0 = System.nanoTime();
            int retention = store.getRetentionTime();
            try {
                // H2's own close-time compaction: rewrites sparse chunks, moves chunks to the file's start and
                // cuts its end, syncing before it overwrites; it holds the store lock (commits wait) and sets
                // the retention time to 0 for it, which must not outlast the pass
                store.compactFile((int) budgetMillis);
            } finally {
                store.setRetentionTime(retention);
            }
            return new Result(before, fileStore.getChunksFillRate(), sizeBefore, size(file),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the journal to compact it: " + e.getMessage(), e);
        }
    }

    /**
     * Stores in the file every change the journal committed before this call, and says whether it could.
     * A journal commit may return without storing when another thread is storing (H2 2.x: the store that
     * runs may have begun before that commit's changes; they wait for the next store, which a kill -9 can
     * forestall — why {@link AcknowledgedEvents} exists). This makes a store of its own, under H2's store
     * lock: a change (the store's version setting, written again as it is) so that the store cannot be a
     * no-op, then a blocking commit, which reports a version only when this thread stored everything
     * changed so far; when another thread's store came between the two, it tries again.
     */
    public static boolean storeCommitted(Path dataRoot) {
        return storeCommittedVersion(dataRoot) >= 0;
    }

    /** {@link #storeCommitted}, giving the version stored (negative when it could not store). */
    public static long storeCommittedVersion(Path dataRoot) {
        try (Connection c = JournalConnections.open(JournalConfig.jdbcUrl(dataRoot), JournalSchema.USER,
                JournalSchema.PASSWORD)) {
            MVStore store = store(c);
            for (int attempt = 0; attempt < 50; attempt++) {
                store.setStoreVersion(store.getStoreVersion());
                long version = store.commit();
                if (version >= 0) {
                    return version;
                }
                Thread.onSpinWait();
            }
            return -1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the journal to store it: " + e.getMessage(), e);
        }
    }

    /**
     * The version a kill -9 keeps at least, as the file holds it now: the older of the versions its two
     * header copies (the first two 4 KB blocks, {@code H:2,...,version:<hex>,...}) name, which recovery
     * starts from; -1 when they cannot be read. Versions stored after it may come back after a kill or not
     * (see {@link AcknowledgedEvents#trim}).
     */
    public static long versionAKillKeeps(Path dataRoot) {
        try (var channel = java.nio.channels.FileChannel.open(databaseFile(dataRoot), java.nio.file.StandardOpenOption.READ)) {
            java.nio.ByteBuffer blocks = java.nio.ByteBuffer.allocate(2 * 4096);
            while (blocks.hasRemaining() && channel.read(blocks, blocks.position()) > 0) {
                // read both header blocks
            }
            long kept = Long.MAX_VALUE;
            for (int block = 0; block < 2; block++) {
                String header = new String(blocks.array(), block * 4096, 4096, java.nio.charset.StandardCharsets.ISO_8859_1);
                long version = -1;
                for (String field : header.split("[,\n\u0000]")) {
                    if (field.startsWith("version:")) {
                        try {
                            version = Long.parseLong(field.substring(8), 16);
                        } catch (NumberFormatException e) {
                            version = -1;
                        }
                    }
                }
                if (version < 0) {
                    return -1;
                }
                kept = Math.min(kept, version);
            }
            return kept;
        } catch (IOException e) {
            return -1;
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
