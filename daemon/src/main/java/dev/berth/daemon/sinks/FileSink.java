package dev.berth.daemon.sinks;

import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.SinkEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * JSON lines, one event a line, in a file rotated by size as json-file's logs are: before a line that
 * would take the file past {@code maxSize}, {@code NAME} becomes {@code NAME.1}, {@code NAME.1} becomes
 * {@code NAME.2} … and the oldest ({@code NAME.(maxFiles-1)}) is dropped; with one file, the file starts
 * over empty. A batch is written and fsynced before it is acknowledged.
 */
final class FileSink implements EventSink {
    private final Path path;
    private final long maxSize;
    private final int maxFiles;
    private FileChannel channel;

    /** @param maxSize 0 = never rotated */
    FileSink(Path path, long maxSize, int maxFiles) throws IOException {
        this.path = path;
        this.maxSize = maxSize;
        this.maxFiles = maxFiles;
        open();
    }

    private void open() throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        // an audit trail: readable by the owner and group (a log shipper's), no one else, as log files
        channel = FileChannel.open(path, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
    }

    @Override
    public synchronized void deliver(List<SinkEvent> batch) throws IOException {
        if (channel == null) {
            open();
        }
        for (SinkEvent e : batch) {
            byte[] line = (e.json() + "\n").getBytes(StandardCharsets.UTF_8);
            long size = channel.size();
            if (maxSize > 0 && size > 0 && size + line.length > maxSize) {
                channel.force(true);
                rotate();
            }
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
        channel.force(false);
    }

    private void rotate() throws IOException {
        channel.close();
        if (maxFiles < 2) {
            Files.deleteIfExists(path);
        } else {
            Files.deleteIfExists(rotated(maxFiles - 1));
            for (int i = maxFiles - 1; i > 1; i--) {
                if (Files.exists(rotated(i - 1))) {
                    Files.move(rotated(i - 1), rotated(i), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        open();
    }

    private Path rotated(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
