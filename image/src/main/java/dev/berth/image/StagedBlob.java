package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A blob written whole and verified but not yet durable (see {@link ContentStore#stage}): it can be
 * read while {@link #commit()} waits for the disk, so unpacking a pulled layer need not wait for the
 * fsync of its blob. Only {@link #commit()} puts it under its digest, and only once it is on disk.
 * Close it in any case: an uncommitted blob is deleted.
 */
public final class StagedBlob implements AutoCloseable {
    private final Path temp;
    private final Path target;
    private boolean moved;
    private boolean closed;

    StagedBlob(Path temp, Path target) {
        this.temp = temp;
        this.target = target;
    }

    /** The blob's bytes, from wherever they are now (a commit may move them meanwhile). */
    public synchronized InputStream open() throws IOException {
        if (closed && !moved) {
            throw new IOException("blob " + target.getFileName() + " was discarded");
        }
        return Files.newInputStream(moved ? target : temp);
    }

    /** fsyncs the blob and names it by its digest; the bytes are durable when this returns. */
    public void commit() {
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            synchronized (this) {
                if (!ContentStore.moveIntoPlace(temp, target)) {
                    ContentStore.deleteQuietly(temp); // another writer's copy, the same bytes, is there
                }
                moved = true;
            }
        } catch (IOException e) {
            throw EngineException.unavailable("cannot write blob: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (!moved) {
            ContentStore.deleteQuietly(temp);
        }
    }
}
