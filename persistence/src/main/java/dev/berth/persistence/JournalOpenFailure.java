package dev.berth.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.h2.api.ErrorCode;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/**
 * Why the journal could not be opened, said so that whoever reads berthd's one line of failure knows
 * what to do: another process holds the file (H2 locks it), or the file is corrupt (cut short,
 * garbled). Anything else keeps H2's own words.
 */
public final class JournalOpenFailure extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the file. */
    public enum Kind { LOCKED, CORRUPT, OTHER }

    private final Kind kind;

    private JournalOpenFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The failure of opening the journal of {@code dataRoot}, in words that say what to do. */
    static JournalOpenFailure of(Path dataRoot, SQLException e) {
        Path file = Path.of(JournalConfig.databaseFile(dataRoot) + ".mv.db");
        if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
            String holder = lockHolder(file).map(pid -> " (pid " + pid + ")").orElse("");
            return new JournalOpenFailure(Kind.LOCKED, "journal " + file + " is locked by another process" + holder
                    + ": only one berthd may open it; stop that process and start berthd again", e);
        }
        if (isCorrupt(e)) {
            return new JournalOpenFailure(Kind.CORRUPT, "journal " + file + " is corrupt (" + rootMessage(e)
                    + "): restore it from a backup, or move it aside to start with an empty journal "
                    + "(containers, images, networks and volumes it recorded are then forgotten)", e);
        }
        return new JournalOpenFailure(Kind.OTHER, "cannot open the journal " + file + ": " + e.getMessage(), e);
    }

    /**
     * H2 says "corrupted" itself (a garbled chunk or header), or could not read what the file's
     * header promises (a file cut short) — not an I/O error of the device, which has an IOException
     * under it.
     */
    private static boolean isCorrupt(SQLException e) {
        if (e.getErrorCode() == ErrorCode.FILE_CORRUPTED_1 || e.getErrorCode() == ErrorCode.FILE_VERSION_ERROR_1) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return false;
            }
            if (t instanceof MVStoreException m) {
                int code = m.getErrorCode();
                return code == DataUtils.ERROR_FILE_CORRUPT || code == DataUtils.ERROR_READING_FAILED
                        || code == DataUtils.ERROR_UNSUPPORTED_FORMAT || code == DataUtils.ERROR_UNKNOWN_DATA_TYPE;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        // H2's own advice ("use the recovery tool") and version suffix are not the user's next step
        return message.replaceAll("\\s*\\[[0-9./-]+]$", "").replaceAll("\\.? ?Possible solution:.*$", "");
    }

    /**
     * The process holding a POSIX lock on the file, from {@code /proc/locks} (whose lines name the
     * file by device and inode): H2 locks the database file with {@code fcntl}.
     */
    static Optional<Long> lockHolder(Path file) {
        try {
            Object inode = Files.getAttribute(file, "unix:ino");
            List<String> lines = Files.readAllLines(Path.of("/proc/locks"));
            for (String line : lines) {
                // "1: POSIX  ADVISORY  WRITE 1234 08:01:5678 0 EOF" (a blocked waiter has "->" first)
                String[] f = line.trim().split("\\s+");
                if (f.length >= 6 && !"->".equals(f[1]) && f[5].endsWith(":" + inode)) {
                    return Optional.of(Long.parseLong(f[4]));
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no /proc or no unix attributes: the message goes without a pid
        }
        return Optional.empty();
    }
}
