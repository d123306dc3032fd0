package dev.berth.actors.logs;

import dev.berth.spi.runtime.LogEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Reads conmon's capture file (k8s-file: {@code <RFC3339Nano> <stdout|stderr> <F|P> <text>\n}) from a byte
 * offset, one complete line at a time; {@link #offset()} is where the next unread line starts, so a reader
 * can resume exactly there. Not thread-safe.
 *
 * <p>A reader is kept for every running container, so it holds no read buffer between calls: {@link #next()}
 * reads in pieces sized to what the file holds past its position (at most {@link #MAX_READ}) and lets go of the
 * piece once it returns null. A quiet container costs no buffer; 64 KiB each, kept, was 3 MiB of heap at 50
 * running (issue #17).
 */
final class CaptureReader implements AutoCloseable {
    static final int MAX_READ = 64 * 1024;
    // a partial line longer than this is not kept in a grown buffer once it is complete
    private static final int KEEP_PENDING = 4 * 1024;
    private static final ByteBuffer NONE = ByteBuffer.allocate(0);

    private final Path file;
    private FileChannel in;
    private long offset;
    private long readPosition;
    private ByteBuffer buffer = NONE;
    private ByteArrayOutputStream pending = new ByteArrayOutputStream();

    CaptureReader(Path file, long offset) {
        this.file = file;
        this.offset = offset;
        this.readPosition = offset;
    }

    /** The offset just past the last line returned. */
    long offset() {
        return offset;
    }

    /** The next entry, or null when no complete line follows yet. Lines that are not entries are skipped. */
    LogEntry next() throws IOException {
        while (true) {
            byte[] line = nextLine();
            if (line == null) {
                return null;
            }
            LogEntry e = parse(line);
            if (e != null) {
                return e;
            }
        }
    }

    private byte[] nextLine() throws IOException {
        while (true) {
            if (buffer.hasRemaining()) {
                byte[] a = buffer.array();
                int from = buffer.position();
                int end = buffer.limit();
                int nl = from;
                while (nl < end && a[nl] != '\n') {
                    nl++;
                }
                pending.write(a, from, nl - from);
                if (nl < end) {
                    buffer.position(nl + 1);
                    byte[] line = pending.toByteArray();
                    if (line.length > KEEP_PENDING) {
                        pending = new ByteArrayOutputStream();
                    } else {
                        pending.reset();
                    }
                    offset += line.length + 1;
                    return line;
                }
                buffer.position(end);
            }
            if (!fill()) {
                buffer = NONE; // nothing more now: the read buffer goes until the next call
                return null;
            }
        }
    }

    private boolean fill() throws IOException {
        if (in == null) {
            try {
                in = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return false;
            }
        }
        long available = in.size() - readPosition;
        if (available <= 0) {
            return false;
        }
        int want = (int) Math.min(MAX_READ, available);
        if (buffer.capacity() < want) {
            buffer = ByteBuffer.allocate(want);
        }
        buffer.clear().limit(want);
        int n = in.read(buffer, readPosition);
        buffer.flip();
        if (n <= 0) {
            return false;
        }
        readPosition += n;
        return true;
    }

    /** Whether the file has bytes past what was read. */
    boolean more() throws IOException {
        return Files.exists(file) && Files.size(file) > readPosition;
    }

    static LogEntry parse(byte[] line) {
        int s1 = indexOf(line, 0);
        int s2 = s1 < 0 ? -1 : indexOf(line, s1 + 1);
        if (s2 < 0) {
            return null;
        }
        int s3 = indexOf(line, s2 + 1);
        int tagEnd = s3 < 0 ? line.length : s3;
        Instant time;
        try {
            time = OffsetDateTime.parse(new String(line, 0, s1, StandardCharsets.US_ASCII)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        String stream = new String(line, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
        LogEntry.StdStream std = stream.equals("stdout") ? LogEntry.StdStream.STDOUT
                : stream.equals("stderr") ? LogEntry.StdStream.STDERR : null;
        if (std == null) {
            return null;
        }
        boolean partial = tagEnd > s2 + 1 && line[s2 + 1] == 'P';
        byte[] text = s3 < 0 ? new byte[0] : Arrays.copyOfRange(line, s3 + 1, line.length);
        if (!partial) {
            text = Arrays.copyOf(text, text.length + 1);
            text[text.length - 1] = '\n';
        }
        return new LogEntry(time, std, text, partial);
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == ' ') {
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
