package dev.berth.driver.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An fstab-style option string ({@code o=bind,ro} or {@code o=size=64m,uid=1000}) split as mount(2)
 * takes it: the words the kernel knows as flags, the rest as the filesystem's data. Berth mounts with
 * the {@code mount} command, which splits the same way; this split only words errors as dockerd does
 * ({@code mount SRC:DST, flags: 0x1000: no such file or directory}) and tells a bind mount apart.
 *
 * @param flags the MS_* bits, propagation types included
 * @param data  what is left, comma-joined, as the filesystem receives it
 */
record MountFlags(long flags, String data) {

    static final long RDONLY = 0x1;
    static final long BIND = 0x1000;
    static final long REC = 0x4000;
    /** MS_UNBINDABLE | MS_PRIVATE | MS_SLAVE | MS_SHARED: applied by a second mount(2) call. */
    static final long PROPAGATION_TYPES = 0x20000 | 0x40000 | 0x80000 | 0x100000;

    /** word → (clears?, bits), the table util-linux and moby/sys share. */
    private static final Map<String, Flag> WORDS = Map.ofEntries(
            Map.entry("defaults", new Flag(false, 0)),
            Map.entry("ro", new Flag(false, RDONLY)),
            Map.entry("rw", new Flag(true, RDONLY)),
            Map.entry("suid", new Flag(true, 0x2)),
            Map.entry("nosuid", new Flag(false, 0x2)),
            Map.entry("dev", new Flag(true, 0x4)),
            Map.entry("nodev", new Flag(false, 0x4)),
            Map.entry("exec", new Flag(true, 0x8)),
            Map.entry("noexec", new Flag(false, 0x8)),
            Map.entry("sync", new Flag(false, 0x10)),
            Map.entry("async", new Flag(true, 0x10)),
            Map.entry("remount", new Flag(false, 0x20)),
            Map.entry("mand", new Flag(false, 0x40)),
            Map.entry("nomand", new Flag(true, 0x40)),
            Map.entry("dirsync", new Flag(false, 0x80)),
            Map.entry("noatime", new Flag(false, 0x400)),
            Map.entry("atime", new Flag(true, 0x400)),
            Map.entry("nodiratime", new Flag(false, 0x800)),
            Map.entry("diratime", new Flag(true, 0x800)),
            Map.entry("bind", new Flag(false, BIND)),
            Map.entry("rbind", new Flag(false, BIND | REC)),
            Map.entry("unbindable", new Flag(false, 0x20000)),
            Map.entry("runbindable", new Flag(false, 0x20000 | REC)),
            Map.entry("private", new Flag(false, 0x40000)),
            Map.entry("rprivate", new Flag(false, 0x40000 | REC)),
            Map.entry("slave", new Flag(false, 0x80000)),
            Map.entry("rslave", new Flag(false, 0x80000 | REC)),
            Map.entry("shared", new Flag(false, 0x100000)),
            Map.entry("rshared", new Flag(false, 0x100000 | REC)),
            Map.entry("relatime", new Flag(false, 0x200000)),
            Map.entry("norelatime", new Flag(true, 0x200000)),
            Map.entry("strictatime", new Flag(false, 0x1000000)),
            Map.entry("nostrictatime", new Flag(true, 0x1000000)));

    private record Flag(boolean clears, long bits) {
    }

    static MountFlags parse(String options) {
        long flags = 0;
        List<String> data = new ArrayList<>();
        for (String word : (options == null ? "" : options).split(",", -1)) {
            Flag f = WORDS.get(word);
            if (f != null && f.bits() != 0) {
                flags = f.clears() ? flags & ~f.bits() : flags | f.bits();
            } else {
                data.add(word);
            }
        }
        return new MountFlags(flags, String.join(",", data));
    }

    boolean bind() {
        return (flags & BIND) != 0;
    }

    /**
     * dockerd's words for a failed mount(2): {@code mount SRC:DST, flags: 0x…, data: …: CAUSE}, the
     * flags without the propagation types (those go in a second call).
     */
    String mountError(String device, String target, String cause) {
        StringBuilder out = new StringBuilder("mount ").append(device).append(':').append(target);
        long first = flags & ~PROPAGATION_TYPES;
        if (first != 0) {
            out.append(", flags: 0x").append(Long.toHexString(first));
        }
        if (!data.isEmpty()) {
            out.append(", data: ").append(data);
        }
        return out.append(": ").append(cause).toString();
    }
}
