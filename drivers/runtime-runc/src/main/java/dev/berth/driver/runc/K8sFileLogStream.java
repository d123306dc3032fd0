package dev.berth.driver.runc;

import dev.berth.spi.runtime.LogEntry;
import dev.berth.spi.runtime.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Follows conmon's k8s-file log ({@code <RFC3339Nano> <stdout|stderr> <F|P> <text>\n}) by polling:
 * the file may not exist yet, grows while the container runs, and is truncated and rewritten
 * when restarted with a fresh log (we then start over from its beginning).
 */
final class K8sFileLogStream implements LogStream {

    private static final long POLL_MS = 50;

    private final Path file;
    private RandomAccessFile in;
    private long position;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[8192];
    private int bufLen;
    private int bufPos;

    K8sFileLogStream(Path file, boolean fromEnd) throws IOException {
        this.file = file;
        if (fromEnd && Files.exists(file)) {
            position = Files.size(file);
        }
    }

    @Override
    public LogEntry poll(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] line = nextLine();
            if (line != null) {
                LogEntry e = parse(line);
                if (e != null) {
                    return e;
                }
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                Thread.sleep(Math.min(POLL_MS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** The next complete line (without its newline), or null when none is complete yet. */
    private byte[] nextLine() throws IOException {
        while (true) {
            // the part berthd has shipped to the log driver may be a hole now (zeros): no line starts there
            while (pending.size() == 0 && bufPos < bufLen && buffer[bufPos] == 0) {
                bufPos++;
            }
            for (int i = bufPos; i < bufLen; i++) {
                if (buffer[i] == '\n') {
                    pending.write(buffer, bufPos, i - bufPos);
                    bufPos = i + 1;
                    byte[] line = pending.toByteArray();
                    pending.reset();
                    return line;
                }
            }
            pending.write(buffer, bufPos, bufLen - bufPos);
            bufPos = bufLen = 0;
            if (!fill()) {
                return null;
            }
        }
    }

    private boolean fill() throws IOException {
        if (in == null) {
            if (!Files.exists(file)) {
                return false;
            }
            in = new RandomAccessFile(file.toFile(), "r");
        }
        long length = in.length();
        if (length < position) {
            // truncated: a new log; whatever partial line we held belonged to the old one
            position = 0;
            pending.reset();
        }
        if (length == position) {
            return false;
        }
        in.seek(position);
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position += n;
        bufPos = 0;
        bufLen = n;
        return true;
    }

    /** Parses one record; null for a line that is not one (skipped). */
    static LogEntry parse(byte[] line) {
        int s1 = indexOf(line, (byte) ' ', 0);
        int s2 = s1 < 0 ? -1 : indexOf(line, (byte) ' ', s1 + 1);
        if (s2 < 0) {
            return null;
        }
        int s3 = indexOf(line, (byte) ' ', s2 + 1);
        int tagEnd = s3 < 0 ? line.length : s3;
        String stamp = new String(line, 0, s1, StandardCharsets.US_ASCII);
        String stream = new String(line, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
        String tag = new String(line, s2 + 1, tagEnd - s2 - 1, StandardCharsets.US_ASCII);
        Instant time;
        try {
            time = OffsetDateTime.parse(stamp).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        LogEntry.StdStream std = switch (stream) {
            case "stdout" -> LogEntry.StdStream.STDOUT;
            case "stderr" -> LogEntry.StdStream.STDERR;
            default -> null;
        };
        if (std == null) {
            return null;
        }
        boolean partial = tag.startsWith("P");
        byte[] text = s3 < 0 ? new byte[0] : Arrays.copyOfRange(line, s3 + 1, line.length);
        if (!partial) {
            text = Arrays.copyOf(text, text.length + 1);
            text[text.length - 1] = '\n';
        }
        return new LogEntry(time, std, text, partial);
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }
}
