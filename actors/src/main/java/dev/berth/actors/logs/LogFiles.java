package dev.berth.actors.logs;

import dev.berth.persistence.container.LogConfig;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A driver's files: the one written ({@code base}) and the rotated ones ({@code base.1} newest …
 * {@code base.(maxFile-1)} oldest, {@code .gz} when compressed), rotated as moby's {@code loggerutils.LogFile}
 * does: before a write, once the file has reached {@code maxSize}. Not thread-safe: its shipper's lock guards it.
 *
 * <p>Writes are gathered between {@link #flush()}es (a shipper flushes after every batch) in a buffer that grows
 * with the batch up to {@link #MAX_BUFFER} and is let go at the flush: one is kept for every running container,
 * and a 64 KiB buffer each was 3 MiB of heap at 50 running (issue #17).
 */
final class LogFiles implements Closeable {
    static final int MAX_BUFFER = 64 * 1024;
    private static final byte[] NONE = new byte[0];

    private final Path base;
    private final long maxSize;
    private final int maxFile;
    private final boolean compress;
    private FileChannel channel;
    private byte[] buffer = NONE;
    private int buffered;
    private long size;

    LogFiles(Path base, long maxSize, int maxFile, boolean compress) throws IOException {
        this.base = base;
        this.maxSize = maxSize;
        this.maxFile = maxFile;
        this.compress = compress;
        if (compress && Files.exists(rotated(1, ""))) {
            gzip(rotated(1, "")); // a crash came between the rotation and its compression: finish it
        }
        open();
    }

    static LogFiles of(Path base, LogConfig config) throws IOException {
        return new LogFiles(base, config.maxSize(), config.maxFile(), config.compress());
    }

    private void open() throws IOException {
        Files.createDirectories(base.getParent());
        // dockerd's mode for log files: readable by the group (log shippers run as a log group), no one else
        channel = FileChannel.open(base, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        size = channel.size();
    }

    /** Bytes in the file being written, buffered ones included. */
    long size() {
        return size;
    }

    /** Whether the next write goes to a new file. */
    boolean dueForRotation() {
        return maxSize > 0 && size >= maxSize;
    }

    void write(byte[] line) throws IOException {
        if (buffered + line.length > buffer.length) {
            if (buffered + line.length > MAX_BUFFER) {
                writeBuffered();
            }
            if (line.length >= MAX_BUFFER) {
                writeFully(ByteBuffer.wrap(line));
                size += line.length;
                return;
            }
            int grown = Math.min(MAX_BUFFER, Math.max(buffered + line.length, 2 * buffer.length));
            buffer = Arrays.copyOf(buffer, grown);
        }
        System.arraycopy(line, 0, buffer, buffered, line.length);
        buffered += line.length;
        size += line.length;
    }

    /** Writes what is buffered and lets the buffer go. */
    void flush() throws IOException {
        writeBuffered();
        buffer = NONE;
    }

    private void writeBuffered() throws IOException {
        if (buffered > 0) {
            writeFully(ByteBuffer.wrap(buffer, 0, buffered));
            buffered = 0;
        }
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Drops what a crash left past {@code length} (written, never recorded as shipped). */
    void truncate(long length) throws IOException {
        flush();
        if (channel.size() > length) {
            channel.truncate(length);
            size = length;
        }
    }

    /** Moves the current file out of the way (or drops it, with one file) and starts an empty one. */
    void rotate() throws IOException {
        flush();
        channel.close();
        if (maxFile < 2) {
            Files.deleteIfExists(base);
        } else {
            String ext = compress ? ".gz" : "";
            Files.deleteIfExists(rotated(maxFile - 1, ext));
            for (int i = maxFile - 1; i > 1; i--) {
                Path from = rotated(i - 1, ext);
                if (Files.exists(from)) {
                    Files.move(from, rotated(i, ext), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Path first = rotated(1, "");
            Files.move(base, first, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (compress) {
                gzip(first);
            }
        }
        open();
    }

    /** Written to a temporary name and renamed, so a reader never opens half a file; then the plain one goes. */
    private void gzip(Path plain) throws IOException {
        Path gz = rotated(1, ".gz");
        Path tmp = gz.resolveSibling(gz.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        try (InputStream in = Files.newInputStream(plain); OutputStream o = new GZIPOutputStream(Files.newOutputStream(tmp))) {
            in.transferTo(o);
        }
        Files.move(tmp, gz, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(plain);
    }

    private Path rotated(int n, String ext) {
        return base.resolveSibling(base.getFileName() + "." + n + ext);
    }

    /**
     * Every file open for reading, oldest first; the one being written last, cut at what was written so far,
     * so what is read matches the shipper's offset at this moment whatever rotates afterwards.
     */
    List<InputStream> openAll() throws IOException {
        flush();
        List<InputStream> streams = new ArrayList<>();
        try {
            for (int i = Math.max(1, maxFile - 1); i >= 1; i--) {
                InputStream in = openRotated(i);
                if (in != null) {
                    streams.add(in);
                }
            }
            streams.add(limited(base, size));
        } catch (IOException | RuntimeException e) {
            for (InputStream s : streams) {
                s.close();
            }
            throw e;
        }
        return streams;
    }

    private static InputStream openRotated(Path plain, Path gz) throws IOException {
        try {
            return new FileInputStream(plain.toFile());
        } catch (FileNotFoundException e) {
            try {
                return new GZIPInputStream(Files.newInputStream(gz), 64 * 1024);
            } catch (NoSuchFileException none) {
                return null;
            }
        }
    }

    private InputStream openRotated(int n) throws IOException {
        return openRotated(rotated(n, ""), rotated(n, ".gz"));
    }

    private static InputStream limited(Path file, long length) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return new FilterInputStream(Channels.newInputStream(ch)) {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
