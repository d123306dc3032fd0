package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** mount(2)/umount2(2) through jnr-ffi and mount points read from {@code /proc/self/mountinfo}. */
final class Mounts {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Mounts() {}

    static void mount(String source, Path target, String fstype, long flags, String data) {
        if (data != null && data.length() >= 4096) {
            // The kernel copies at most one page of options; longer ones need shorter paths.
            throw EngineException.unavailable("overlay options longer than a page (" + data.length() + " bytes)", null);
        }
        if (Native.libc().mount(source, target.toString(), fstype, flags, data) != 0) {
            int errno = Native.errno();
            throw EngineException.unavailable("mount " + fstype + " on " + target + ": " + Native.strerror(errno), null);
        }
    }

    /** One unmount; a busy mount is detached lazily instead. */
    static void unmount(Path target) {
        if (Native.libc().umount2(target.toString(), 0) == 0) {
            return;
        }
        int errno = Native.errno();
        if (errno == Native.EBUSY) {
            if (Native.libc().umount2(target.toString(), Native.MNT_DETACH) == 0) {
                return;
            }
            errno = Native.errno();
        }
        if (errno == Native.EINVAL || errno == Native.ENOENT) {
            return; // not a mount point (any more)
        }
        throw EngineException.unavailable("umount " + target + ": " + Native.strerror(errno), null);
    }

    static boolean isMountPoint(Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            return false; // a missing mount point is not mounted
        }
        String wanted = real.toString();
        try {
            for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length > 4 && unescape(f[4]).equals(wanted)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw EngineException.unavailable("cannot read " + MOUNTINFO, e);
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as octal {@code \ooo}. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
