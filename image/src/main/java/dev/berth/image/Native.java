package dev.berth.image;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The syscalls jnr-posix lacks (mknod, lsetxattr, mount, umount2) or binds expensively (utimensat
 * builds its timespec structs through reflection on every call; a missing file costs Java's NIO an
 * exception with a stack trace), bound with jnr-ffi, plus the shared jnr-posix instance. Loaded once, lazily, so classes that never touch the filesystem's
 * special features work where libc cannot be bound.
 */
final class Native {
    /** The libc functions, as glibc exports them (public for jnr-ffi's proxy). */
    public interface LibC {
        @SaveError
        int mknod(String path, int mode, long dev);

        @SaveError
        int lsetxattr(String path, String name, byte[] value, long size, int flags);

        @SaveError
        long lgetxattr(String path, String name, byte[] value, long size);

        @SaveError
        int mount(String source, String target, String fstype, long flags, String data);

        @SaveError
        int umount2(String target, int flags);

        /** {@code times} is two timespecs laid out as four longs: atime s, ns, mtime s, ns. */
        @SaveError
        int utimensat(int dirfd, String path, @In long[] times, int flags);

        @SaveError
        int faccessat(int dirfd, String path, int mode, int flags);

        @SaveError
        int openat(int dirfd, String path, int flags);

        int close(int fd);
    }

    static final int S_IFIFO = 0010000;
    static final int S_IFCHR = 0020000;
    static final int S_IFBLK = 0060000;
    static final int MNT_DETACH = 2;
    static final int EBUSY = 16;
    static final int EINVAL = 22;
    static final int ENOENT = 2;
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int F_OK = 0;

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);
        static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    }

    private Native() {}

    static LibC libc() {
        return Holder.LIBC;
    }

    static POSIX posix() {
        return Holder.POSIX;
    }

    /** errno of the last {@link LibC} call on this thread. */
    static int errno() {
        return jnr.ffi.LastError.getLastError(Holder.RUNTIME);
    }

    static String strerror(int errno) {
        return Holder.POSIX.strerror(errno);
    }

    static boolean isRoot() {
        return Holder.POSIX.geteuid() == 0;
    }

    /** Linux's makedev(3) encoding of a device number. */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }
}
