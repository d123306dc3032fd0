package dev.berth.persistence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A second record of every event the journal acknowledged, written before the entity answers its
 * caller, so that no acknowledged event can be missing after a kill -9.
 *
 * <p>Why: under concurrent writers H2 2.x (MVStore) can report a commit whose chunk is not yet in the
 * file. A commit that finds another store operation under way returns without storing, and that one
 * may be an asynchronous write still queued; a kill -9 then loses transactions the journal plugin had
 * already acknowledged. Crash churn showed it (an acknowledged create with neither its name nor its
 * {@code Created} event in the journal after the restart; the rows' orderings were allocated, the rows
 * gone). This log is plain appends to {@code <data-root>/journal/acknowledged.log}: each record is
 * written with one {@code write(2)} to the page cache, which a killed process cannot lose, and carries a
 * CRC so a record cut short by the kill is ignored (its event was not acknowledged yet).
 *
 * <p>At start, before anything reads or writes the journal, {@link #restore} inserts every logged
 * event the journal lacks, with the tags its entity gives it, and keeps only those in the log until
 * the next start has seen them in the journal; events found there are dropped from the log. While the
 * daemon runs, {@link #trim} drops the records H2 has since stored for certain, so the log stays small
 * (it grew ~4 KB per {@code run --rm} until the next clean stop: issue #12's resource hygiene).
 */
public final class AcknowledgedEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AcknowledgedEvents.class);
    private static final int MAX_RECORD = 64 << 20;

    /** One logged event, as the journal row would hold it. */
    record Entry(String persistenceId, long sequenceNr, long timestamp, int serializerId, String manifest,
                 byte[] payload) {}

    /** {@link #trim} copies the log's tail once it is this long: a rewrite a few MB apart, not per event. */
    static final long TRIM_AT = 1 << 20;

    private final Serialization serialization;
    private final Path file;
    private FileChannel channel; // guarded by this: replaced by trim
    /** Trims' marks not dropped yet: {log offset, H2 version the trim's store made}, oldest first; guarded by this. */
    private final Deque<long[]> marks = new ArrayDeque<>();
    /** The H2 version a kill -9 now keeps at least ({@link JournalCompaction#versionAKillKeeps}). */
    LongSupplier versionAKillKeeps;

    private AcknowledgedEvents(Serialization serialization, Path file, FileChannel channel, LongSupplier versionAKillKeeps) {
        this.serialization = serialization;
        this.file = file;
        this.channel = channel;
        this.versionAKillKeeps = versionAKillKeeps;
    }

    public static Path file(Path dataRoot) {
        return JournalConfig.databaseFile(dataRoot).resolveSibling("acknowledged.log");
    }

    /**
     * {@code <data-root>/journal/in-use}: there from {@link #open} until {@link #journalClosedCleanly}, so
     * a start that finds it knows the last run ended without a clean {@code SHUTDOWN} (a kill, a crash).
     */
    public static Path inUse(Path dataRoot) {
        return JournalConfig.databaseFile(dataRoot).resolveSibling("in-use");
    }

    /**
     * Empties the log once the journal was shut down cleanly (H2 wrote all it acknowledged to its file):
     * the next start then has nothing to compare. Call only after a successful {@code SHUTDOWN}.
     */
    public static void journalClosedCleanly(Path dataRoot) throws IOException {
        Path f = file(dataRoot);
        if (Files.exists(f)) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(0);
                ch.force(true);
            }
        }
        Files.deleteIfExists(inUse(dataRoot));
    }

    /** Opens the log for appending (after {@link #restore}). */
    public static AcknowledgedEvents open(ActorSystem<?> system, Path dataRoot) {
        try {
            Files.createDirectories(file(dataRoot).getParent());
            if (!Files.exists(inUse(dataRoot))) {
                Files.createFile(inUse(dataRoot));
            }
            return new AcknowledgedEvents(SerializationExtension.get(system), file(dataRoot), append(file(dataRoot)),
                    () -> JournalCompaction.versionAKillKeeps(dataRoot));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file(dataRoot), e);
        }
    }

    /** Records one journaled event; called on the entity's thread before it answers. */
    public void append(String persistenceId, long sequenceNr, Object event) {
        Serializer serializer = serialization.findSerializerFor(event);
        byte[] payload = serialization.serialize(event).get();
        Entry e = new Entry(persistenceId, sequenceNr, System.currentTimeMillis(), serializer.identifier(),
                Serializers.manifestFor(serializer, event), payload);
        ByteBuffer record = ByteBuffer.wrap(encode(e));
        synchronized (this) {
            try {
                while (record.hasRemaining()) {
                    channel.write(record);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot write " + persistenceId + " #" + sequenceNr
                        + " to the acknowledged-events log", ex);
            }
        }
    }

    private static FileChannel append(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Drops the records whose events the journal's file now holds for certain, once the log is
     * {@link #TRIM_AT} long. Each trim notes where the log ends and has {@code storeCommitted} store
     * everything the journal committed so far (every record up to that point was appended after its
     * row's commit), which gives the H2 version of that store. A stored version is not yet one a kill -9
     * keeps: H2 appends chunks at the file's end without rewriting its header, and when the kill cuts the
     * chunk being written there, recovery, finding no valid chunk end at the end of the file, starts from
     * the chunk the header names and can come back without the versions stored after it
     * ({@code JournalCompactionKillTest}: an acknowledged row whose record a trim had just dropped, gone).
     * So a trim drops the records up to the newest mark whose version the file's header covers now
     * ({@link JournalCompaction#versionAKillKeeps}; H2 rewrites the header when a compaction pass moves
     * chunks, and every 20 versions when a chunk goes inside the file), keeping later marks for a later
     * trim. The new log is complete before it replaces the old one (a rename), so a kill at any point
     * leaves one or the other, each holding every record not yet in the file for certain.
     *
     * @param storeCommitted stores every change the journal committed before the call, in its file, and
     *                       returns the version stored; negative when it could not (no mark then)
     * @return the bytes dropped
     */
    public long trim(LongSupplier storeCommitted) {
        return trim(TRIM_AT, storeCommitted);
    }

    long trim(long atLeast, LongSupplier storeCommitted) {
        long upTo;
        synchronized (this) {
            try {
                upTo = channel.size();
            } catch (IOException e) {
                return 0;
            }
        }
        if (upTo < atLeast) {
            return 0;
        }
        long version = storeCommitted.getAsLong();
        long kept = versionAKillKeeps.getAsLong();
        synchronized (this) {
            if (version >= 0 && (marks.isEmpty() || marks.peekLast()[0] < upTo)) {
                marks.addLast(new long[] {upTo, version});
            }
            long dropTo = 0;
            while (!marks.isEmpty() && marks.peekFirst()[1] <= kept) {
                dropTo = marks.pollFirst()[0];
            }
            if (dropTo == 0) {
                return 0;
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel old = FileChannel.open(file, StandardOpenOption.READ);
                 FileChannel next = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.TRUNCATE_EXISTING)) {
                long size = old.size();
                for (long at = dropTo; at < size; ) {
                    at += old.transferTo(at, size - at, next);
                }
                next.force(true);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                channel.close();
                channel = append(file);
                for (long[] mark : marks) {
                    mark[0] -= dropTo;
                }
                return dropTo;
            } catch (IOException e) {
                // the old log stays whole: it only holds more than it needs to
                LOG.warn("cannot trim the acknowledged-events log: {}", e.toString());
                marks.clear();
                try {
                    Files.deleteIfExists(tmp);
                    if (!channel.isOpen()) {
                        channel = append(file);
                    }
                } catch (IOException again) {
                    throw new UncheckedIOException("cannot reopen " + file, again);
                }
                return 0;
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing the acknowledged-events log: {}", e.toString());
        }
    }

    /**
     * After a run that did not end cleanly ({@link #inUse}, or records in the log), first settles the
     * half-written entries a kill can leave in H2 ({@link JournalRows#rollBackLeftovers}), then puts back
     * into the journal every logged event it lacks, then rewrites the log with just those (the next start
     * confirms them). Call before anything reads or writes the journal.
     *
     * @return the events put back, as {@code persistenceId #sequenceNr}
     */
    public static List<String> restore(Path dataRoot) {
        Path file = file(dataRoot);
        boolean unclean = Files.exists(inUse(dataRoot));
        List<Entry> logged = Files.exists(file) ? read(file) : List.of();
        List<Entry> kept = new ArrayList<>();
        List<String> restored = new ArrayList<>();
        if (!unclean && logged.isEmpty()) {
            if (Files.exists(file)) {
                rewrite(file, kept); // drops a record a kill cut short; no second open of the journal
            }
            return restored;
        }
        try (var journal = new JournalRows(dataRoot)) {
            int repaired = journal.rollBackLeftovers();
            if (repaired > 0) {
                LOG.warn("start-up reconciliation: finished or settled {} half-done journal writes a kill left"
                        + " behind (commits H2's recovery left open; entries of no transaction)", repaired);
            }
            Map<String, Set<Long>> held = new HashMap<>();
            for (Entry e : logged) {
                if (held.computeIfAbsent(e.persistenceId(), journal::sequenceNumbers).contains(e.sequenceNr())) {
                    continue;
                }
                kept.add(e);
                try {
                    journal.insert(e, tags(e.persistenceId()));
                    restored.add(e.persistenceId() + " #" + e.sequenceNr());
                } catch (RuntimeException ex) {
                    // kept in the log: the next start tries again
                    LOG.error("acknowledged event {} #{} is missing from the journal and could not be put back: {}",
                            e.persistenceId(), e.sequenceNr(), ex.getMessage());
                }
            }
        }
        if (Files.exists(file) || !kept.isEmpty()) {
            rewrite(file, kept);
        }
        return restored;
    }

    /** The tags each entity gives its events ({@code tagsFor}), by its persistence id. */
    static List<String> tags(String persistenceId) {
        String type = persistenceId.startsWith("container|") ? Tags.CONTAINER
                : persistenceId.startsWith("image") ? Tags.IMAGE
                : persistenceId.startsWith("network|") ? Tags.NETWORK
                : persistenceId.startsWith("volume|") ? Tags.VOLUME : null;
        return type == null ? List.of() : List.of(Tags.ALL, type);
    }

    static byte[] encode(Entry e) {
        try {
            var body = new ByteArrayOutputStream();
            var out = new DataOutputStream(body);
            out.writeUTF(e.persistenceId());
            out.writeLong(e.sequenceNr());
            out.writeLong(e.timestamp());
            out.writeInt(e.serializerId());
            out.writeUTF(e.manifest());
            out.writeInt(e.payload().length);
            out.write(e.payload());
            out.flush();
            byte[] bytes = body.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            ByteBuffer record = ByteBuffer.allocate(12 + bytes.length);
            record.putInt(bytes.length).putLong(crc.getValue()).put(bytes);
            return record.array();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Every whole record; reading stops at the first one cut short or damaged (the kill's last write). */
    static List<Entry> read(Path file) {
        List<Entry> out = new ArrayList<>();
        try (var in = new DataInputStream(Files.newInputStream(file))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return out;
                }
                long expected = in.readLong();
                if (length < 0 || length > MAX_RECORD) {
                    return out;
                }
                byte[] bytes = in.readNBytes(length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if (bytes.length < length || crc.getValue() != expected) {
                    return out;
                }
                var body = new DataInputStream(new ByteArrayInputStream(bytes));
                String pid = body.readUTF();
                long seq = body.readLong();
                long at = body.readLong();
                int serializer = body.readInt();
                String manifest = body.readUTF();
                byte[] payload = body.readNBytes(body.readInt());
                out.add(new Entry(pid, seq, at, serializer, manifest, payload));
            }
        } catch (EOFException cut) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void rewrite(Path file, List<Entry> kept) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Entry e : kept) {
                ByteBuffer b = ByteBuffer.wrap(encode(e));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
    }
}
