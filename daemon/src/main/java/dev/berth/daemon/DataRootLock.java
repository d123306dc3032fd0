package dev.berth.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One berthd per data root: a lock on {@code <data-root>/berthd.lock}, holding the owner's pid, taken
 * before anything else is touched. The kernel lets go of it when the process ends, however it ends,
 * so a kill -9 leaves nothing to clean. A second daemon on the same root (with its own exec root,
 * socket and pidfile, which the pidfile check cannot see) stops here, naming the first.
 */
final class DataRootLock implements AutoCloseable {
    static final String FILE = "berthd.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataRootLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or fails saying which berthd holds it. */
    static DataRootLock acquire(Path dataRoot) throws IOException {
        Path file = dataRoot.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                throw new IllegalStateException("another berthd is using " + dataRoot
                        + (holder.matches("\\d+") ? " (pid " + holder + ")" : "")
                        + ": stop it first, or give this one its own --data-root");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new DataRootLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
