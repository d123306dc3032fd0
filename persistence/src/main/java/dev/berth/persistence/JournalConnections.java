package dev.berth.persistence;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.cache.CacheLongKeyLIRS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every connection to the journal's database is opened here, so that the first one in a process can mend
 * the store's chunk layout before anything writes to it.
 *
 * <p>Why: H2 (2.5.252, and its master as read) recovers a file a kill -9 left by trying candidate "last
 * chunks" newest first; a dead chunk its layout names whose place in the file now holds another chunk is
 * made "taking no space" in memory only (block 0), while the layout entry keeps its old place. The next
 * chunk is then written into that place, the layout still naming it for the dead one, and the clean close
 * marks the header clean. The next open trusts the clean header, checks the newest chunks the layout
 * names, finds another chunk where the dead one should be, and falls back to the newest chunk that checks
 * out: an older version of the file. Acknowledged rows were lost that way one open/close cycle after a
 * kill, and rows {@link AcknowledgedEvents#restore} had put back were lost again at the next cycle, after
 * the log had let them go ({@code JournalCompactionKillTest}: 7,680 rows, then 7,672, 7,664, 7,657 on
 * successive opens of the same file). Here, right after the open, each layout entry that names a place
 * other than the one the store now gives its chunk is written as the store has it, and a dead chunk that
 * takes no space is dropped from the store's books altogether, then the layout is stored.
 */
public final class JournalConnections {
    private static final Logger LOG = LoggerFactory.getLogger(JournalConnections.class);
    /** The databases whose layout was looked at (H2 keeps one per file while a connection is open). */
    private static final Set<Database> MENDED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /** Layout entries mended in this process, for the kill tests' summaries. */
    private static final AtomicInteger MENDS = new AtomicInteger();

    /** {@link DriverManager#getConnection}, and the layout mended when this opened the database. */
    public static Connection open(String url, String user, String password) throws SQLException {
        Connection connection = DriverManager.getConnection(url, user, password);
        try {
            Database database = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase();
            if (MENDED.add(database)) {
                int mended = mendLayout(database);
                MENDS.addAndGet(mended);
                if (mended > 0) {
                    LOG.warn("journal: {} chunk layout entr{} left stale by H2's recovery after an unclean stop, rewritten",
                            mended, mended == 1 ? "y" : "ies");
                }
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Rewrites the layout entries whose place differs from the chunk the store holds, stores them, and
     * returns how many; nothing for a read-only or in-memory database.
     */
    @SuppressWarnings("unchecked")
    static int mendLayout(Database database) {
        if (database.isReadOnly() || database.getStore() == null) {
            return 0;
        }
        MVStore store = database.getStore().getMvStore();
        FileStore<?> file = store.getFileStore();
        if (file == null || file.isReadOnly()) {
            return 0;
        }
        try {
            Method chunksOf = FileStore.class.getDeclaredMethod("getChunks");
            chunksOf.setAccessible(true);
            Map<Integer, ? extends Chunk<?>> chunks = (Map<Integer, ? extends Chunk<?>>) chunksOf.invoke(file);
            MVMap<String, String> layout = (MVMap<String, String>) field(file, "layout");
            int mended = 0;
            for (Chunk<?> chunk : List.copyOf(chunks.values())) {
                String key = "chunk." + Integer.toHexString(chunk.id);
                String entry = layout.get(key);
                if (entry == null) {
                    continue;
                }
                Chunk<?> listed = file.createChunk(entry);
                if (listed.block == chunk.block && listed.len == chunk.len) {
                    continue;
                }
                if (chunk.block == 0) {
                    drop(file, chunks, layout, chunk, key);
                } else {
                    layout.put(key, chunk.asString());
                }
                mended++;
            }
            if (mended > 0) {
                Method metaChanged = MVStore.class.getDeclaredMethod("markMetaChanged");
                metaChanged.setAccessible(true);
                metaChanged.invoke(store);
                store.commit();
            }
            return mended;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the journal store's chunk layout (H2 internals changed?): " + e, e);
        }
    }

    /**
     * A dead chunk whose place was given away goes from the store's books as H2 drops one it no longer
     * needs ({@code FileStore.dropUnusedChunks}): out of the chunk table, the dead-chunk queue, the
     * table-of-contents and page caches, and the layout. It holds no page anything reads, and no space.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void drop(FileStore<?> file, Map<Integer, ? extends Chunk<?>> chunks, MVMap<String, String> layout,
            Chunk<?> chunk, String key) throws ReflectiveOperationException {
        chunks.remove(chunk.id);
        ((Deque) field(file, "deadChunks")).remove(chunk);
        Method cleanToC = FileStore.class.getDeclaredMethod("cleanToCCache", Chunk.class);
        cleanToC.setAccessible(true);
        long[] toc = (long[]) cleanToC.invoke(file, chunk);
        CacheLongKeyLIRS<?> cache = (CacheLongKeyLIRS<?>) field(file, "cache");
        if (toc != null && cache != null) {
            for (long element : toc) {
                cache.remove(DataUtils.composePagePos(chunk.id, element));
            }
        }
        layout.remove(key);
    }

    private static Object field(FileStore<?> file, String name) throws ReflectiveOperationException {
        Field f = FileStore.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(file);
    }

    /** Layout entries mended in this process so far. */
    static int mends() {
        return MENDS.get();
    }

    private JournalConnections() {}
}
