package dev.berth.actors.logs;

import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees a byte range of a file's blocks without changing its size or offsets (Linux
 * {@code fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)}): conmon keeps appending to the capture file
 * while the shipped part of it stops using disk. A file system without hole punching keeps the bytes.
 */
interface HolePunch {
    /** True when the range is freed. */
    boolean punch(Path file, long offset, long length);

    HolePunch NONE = (file, offset, length) -> false;

    /** Through libc, loaded once; {@link #NONE} where it cannot be loaded. */
    static HolePunch linux() {
        try {
            return new Fallocate(LibraryLoader.create(Fallocate.LibC.class).load("c"));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LoggerFactory.getLogger(HolePunch.class).warn("cannot punch holes in log capture files: {}", e.toString());
            return NONE;
        }
    }

    final class Fallocate implements HolePunch {
        private static final Logger LOG = LoggerFactory.getLogger(Fallocate.class);
        private static final int O_WRONLY = 1;
        private static final int O_CLOEXEC = 0x80000;
        private static final int FALLOC_FL_KEEP_SIZE = 1;
        private static final int FALLOC_FL_PUNCH_HOLE = 2;

        public interface LibC {
            int open(String path, int flags);

            int fallocate(int fd, int mode, long offset, long length);

            int close(int fd);
        }

        private final LibC libc;

        Fallocate(LibC libc) {
            this.libc = libc;
        }

        @Override
        public boolean punch(Path file, long offset, long length) {
            int fd = libc.open(file.toString(), O_WRONLY | O_CLOEXEC);
            if (fd < 0) {
                return false;
            }
            try {
                if (libc.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, length) != 0) {
                    LOG.debug("fallocate punch hole on {} failed", file);
                    return false;
                }
                return true;
            } finally {
                libc.close(fd);
            }
        }
    }
}
