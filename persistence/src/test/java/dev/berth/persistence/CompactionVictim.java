package dev.berth.persistence;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Random;

/**
 * The process {@link JournalCompactionKillTest} kills: one thread appends journal rows as berthd does
 * (autocommitted, {@code WRITE_DELAY=0}) and prints {@code ACK n} once each insert has returned; the main
 * thread runs compaction passes back to back, printing {@code PASS-START} and {@code PASS-END} around
 * each one that rewrites the file.
 */
final class CompactionVictim {
    static final String PERSISTENCE_ID = "container|victim";
    static final int PAYLOAD = 1200;

    /** The payload of row {@code seq}: a test can tell a torn or swapped row from the right one. */
    static byte[] payload(long seq) {
        byte[] bytes = new byte[PAYLOAD];
        new Random(seq).nextBytes(bytes);
        return bytes;
    }

    public static void main(String[] args) throws Exception {
        Path dataRoot = Path.of(args[0]);
        long first = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(System.out, true);
        JournalSchema.create(dataRoot);
        Connection held = JournalSchema.keepOpen(dataRoot);
        Thread writer = new Thread(() -> append(dataRoot, first, out), "writer");
        writer.setDaemon(true);
        writer.start();
        while (true) {
            Thread.sleep(20);
            if (JournalCompaction.store(held).getFileStore().getChunksFillRate() >= JournalCompaction.SPARSE_FILL_RATE) {
                continue;
            }
            out.println("PASS-START");
            JournalCompaction.Result result = JournalCompaction.compact(dataRoot, 2_000);
            out.println("PASS-END " + result.millis() + " ms " + result.fileBytesBefore() + " -> " + result.fileBytesAfter());
        }
    }

    private static void append(Path dataRoot, long first, PrintStream out) {
        try (Connection c = JournalSchema.keepOpen(dataRoot);
                PreparedStatement st = c.prepareStatement("INSERT INTO PUBLIC.\"event_journal\" (\"persistence_id\", "
                        + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", "
                        + "\"event_ser_id\", \"event_ser_manifest\") VALUES (?, ?, 'w', ?, '', ?, 1, 'E')")) {
            for (long seq = first; ; seq++) {
                st.setString(1, PERSISTENCE_ID);
                st.setLong(2, seq);
                st.setLong(3, System.currentTimeMillis());
                st.setBytes(4, payload(seq));
                st.executeUpdate();
                out.println("ACK " + seq);
            }
        } catch (Exception e) {
            out.println("WRITER-FAILED " + e);
        }
    }

    private CompactionVictim() {}
}
