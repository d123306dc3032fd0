package dev.berth.daemon.sinks;

import dev.berth.persistence.events.EventCursor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each sink has got to: {@code <data-root>/event-sinks/<name>.cursor}, one line {@code OFFSET.INDEX},
 * replaced atomically (written beside, fsynced, renamed) after the sink acknowledged a batch. A file and not
 * a journal entity: an acknowledgement per batch would write to the very journal the sinks read, each write
 * another row for the sinks (and the history) to carry, and no one needs the positions' history.
 */
public final class SinkOffsets {
    private static final Logger LOG = LoggerFactory.getLogger(SinkOffsets.class);

    private final Path dir;

    public SinkOffsets(Path dataRoot) {
        this.dir = dataRoot.resolve("event-sinks");
    }

    /** The stored position; {@link EventCursor#START} when none was stored or the file is unreadable. */
    public EventCursor read(String sink) {
        Path file = file(sink);
        try {
            return EventCursor.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (NoSuchFileException e) {
            return EventCursor.START;
        } catch (IOException | IllegalArgumentException e) {
            // at least once: starting over repeats events, a guess past them would lose some
            LOG.warn("event sink {}: stored position {} unreadable ({}), delivering from the first event", sink,
                    file, e.getMessage());
            return EventCursor.START;
        }
    }

    /** Stores {@code cursor} durably: after a crash the file holds this or the previous position, whole. */
    public void write(String sink, EventCursor cursor) throws IOException {
        Files.createDirectories(dir);
        Path file = file(sink);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((cursor.text() + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    Path file(String sink) {
        return dir.resolve(sink + ".cursor");
    }
}
