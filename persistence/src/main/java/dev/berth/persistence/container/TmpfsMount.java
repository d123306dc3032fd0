package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.berth.spi.EngineException;
import java.util.List;
import java.util.Set;

/**
 * A tmpfs mounted in the container ({@code --tmpfs /run:rw,size=64m}, Docker's {@code HostConfig.Tmpfs}).
 *
 * @param target  absolute path in the container, not {@code /}
 * @param options mount options in the order given: flags ({@code ro}, {@code noexec} …) or
 *                {@code size}, {@code mode}, {@code uid}, {@code gid}, {@code nr_inodes}, {@code nr_blocks},
 *                {@code mpol} with a value
 * @param given   {@code Tmpfs} or {@code Mounts}
 */
public record TmpfsMount(String target, List<String> options, GivenAs given) {
    // The flags and data keys Docker's tmpfs option merge accepts; anything else fails the mount.
    private static final Set<String> FLAGS = Set.of("defaults", "ro", "rw", "suid", "nosuid", "dev", "nodev", "exec",
            "noexec", "sync", "async", "dirsync", "remount", "mand", "nomand", "atime", "noatime", "diratime",
            "nodiratime", "bind", "rbind", "unbindable", "runbindable", "private", "rprivate", "shared", "rshared",
            "slave", "rslave", "relatime", "norelatime", "strictatime", "nostrictatime");
    private static final Set<String> DATA = Set.of("", "size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol");

    @JsonCreator
    public TmpfsMount {
        given = given == null ? GivenAs.TMPFS : given;
        if (target == null || !target.startsWith("/")) {
            throw EngineException.invalid("invalid mount path: '" + target + "' mount path must be absolute");
        }
        if (ContainerPath.isRoot(target)) {
            throw EngineException.invalid("invalid specification: destination can't be '/'");
        }
        options = options == null ? List.of() : List.copyOf(options);
        for (String option : options) {
            if (FLAGS.contains(option)) {
                continue;
            }
            int eq = option.indexOf('=');
            if (eq < 0 || !DATA.contains(option.substring(0, eq))) {
                throw EngineException.invalid("invalid tmpfs option " + goQuoted(option));
            }
        }
    }

    /** A {@code --tmpfs} mount. */
    public TmpfsMount(String target, List<String> options) {
        this(target, options, GivenAs.TMPFS);
    }

    /** One entry of the API's {@code Tmpfs} map: the mount point and its comma-separated options. */
    public static TmpfsMount parse(String target, String options) {
        return new TmpfsMount(target, options == null || options.isEmpty() ? List.of() : List.of(options.split(",", -1)));
    }

    /** The options as the API shows them ({@code rw,size=64m}). */
    public String optionString() {
        return String.join(",", options);
    }

    /** Docker prints the option split at its first {@code =}, as a Go string slice: {@code ["bad" "1"]}. */
    private static String goQuoted(String option) {
        int eq = option.indexOf('=');
        List<String> parts = eq < 0 ? List.of(option) : List.of(option.substring(0, eq), option.substring(eq + 1));
        return "[" + String.join(" ", parts.stream().map(p -> "\"" + p.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .toList()) + "]";
    }
}
