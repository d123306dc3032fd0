package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A host directory or file bound into the container ({@code -v /host:/container[:mode]}, Docker's
 * {@code HostConfig.Binds}).
 *
 * @param source absolute path on the host
 * @param target absolute path in the container, not {@code /}
 * @param mode   the options after the second colon, in the order given (at most one of each group)
 * @param nonRecursive a plain bind, not {@code rbind} ({@code --mount bind-recursive=disabled})
 * @param given  {@code Binds}, {@code Mounts} or another container's ({@code VolumesFrom})
 * @param createMountpoint a missing source is made (a directory) at start ({@code BindOptions.CreateMountpoint});
 *                         {@code Binds} always make it, so only {@code Mounts} entries carry it
 * @param readOnlyDepth how far a read-only bind is read-only: {@link ReadOnlyDepth#RECURSIVE_WHERE_SUPPORTED}
 *                      (null) unless asked otherwise; meaningless for a writable bind
 */
public record BindMount(String source, String target, List<Option> mode, boolean nonRecursive, GivenAs given,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean createMountpoint,
                        @JsonInclude(JsonInclude.Include.NON_NULL) ReadOnlyDepth readOnlyDepth)
        implements BindEntry {

    /**
     * Whether the mounts under a read-only bind's source are read-only too (API v1.44, Docker 25): by
     * default they are where the kernel (5.12+, {@code mount_setattr}) and the runtime ({@code rro} among
     * its features' mount options) can do it, else only the bind itself is, as before.
     */
    public enum ReadOnlyDepth {
        /** The default: {@code rro} where supported, else {@code ro}. Journaled as absent. */
        RECURSIVE_WHERE_SUPPORTED("recursive-where-supported"),
        /** {@code BindOptions.ReadOnlyNonRecursive} ({@code bind-recursive=writable}, and every read-only bind of a
         *  client older than API v1.44): only the bind itself is read-only. */
        NON_RECURSIVE("non-recursive"),
        /** {@code BindOptions.ReadOnlyForceRecursive} ({@code bind-recursive=readonly}): {@code rro} or the start fails. */
        RECURSIVE("recursive");

        private final String word;

        ReadOnlyDepth(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }
    }

    /** What may follow the paths, as Docker's {@code -v} grammar has it on Linux. */
    public enum Option {
        RW("rw", Group.ACCESS), RO("ro", Group.ACCESS),
        // SELinux relabelling: accepted and, as on any host without SELinux, a no-op.
        RELABEL_SHARED("z", Group.LABEL), RELABEL_PRIVATE("Z", Group.LABEL),
        PRIVATE("private", Group.PROPAGATION), RPRIVATE("rprivate", Group.PROPAGATION),
        SHARED("shared", Group.PROPAGATION), RSHARED("rshared", Group.PROPAGATION),
        SLAVE("slave", Group.PROPAGATION), RSLAVE("rslave", Group.PROPAGATION),
        // Docker Desktop's file-sharing hints; Linux ignores them.
        CONSISTENT("consistent", Group.CONSISTENCY), CACHED("cached", Group.CONSISTENCY),
        DELEGATED("delegated", Group.CONSISTENCY),
        // Docker's "do not copy the image's files into a new volume": only meaningful for volumes.
        NOCOPY("nocopy", Group.COPY);

        private final String word;
        private final Group group;

        Option(String word, Group group) {
            this.word = word;
            this.group = group;
        }

        @JsonValue
        public String word() {
            return word;
        }

        public boolean isPropagation() {
            return group == Group.PROPAGATION;
        }

        public static Option of(String word) {
            for (Option o : values()) {
                if (o.word.equals(word)) {
                    return o;
                }
            }
            return null;
        }
    }

    private enum Group { ACCESS, LABEL, PROPAGATION, CONSISTENCY, COPY }

    @JsonCreator
    public BindMount {
        given = given == null ? GivenAs.BINDS : given;
        readOnlyDepth = readOnlyDepth == ReadOnlyDepth.RECURSIVE_WHERE_SUPPORTED ? null : readOnlyDepth;
        mode = mode == null ? List.of() : List.copyOf(mode);
        String spec = spec(source, target, mode);
        if (!validMode(mode)) {
            throw EngineException.invalid("invalid mode: " + join(mode));
        }
        // Docker's order of checks, so the first problem reported is the one dockerd reports.
        checkTarget(spec, "bind", target);
        if (source == null || source.isEmpty()) {
            throw invalidMount(spec, "field Source must not be empty");
        }
        if (mode.contains(Option.NOCOPY)) {
            throw invalidMount(spec, "field VolumeOptions must not be specified");
        }
        if (!source.startsWith("/")) {
            throw invalidMount(spec, "invalid mount path: '" + source + "' mount path must be absolute");
        }
    }

    /** A {@code -v} bind, as {@code Binds} gives it. */
    public BindMount(String source, String target, List<Option> mode) {
        this(source, target, mode, false, GivenAs.BINDS, false, null);
    }

    /** How far this bind is read-only when it is: never null. */
    public ReadOnlyDepth depth() {
        return readOnlyDepth == null ? ReadOnlyDepth.RECURSIVE_WHERE_SUPPORTED : readOnlyDepth;
    }

    /** The same bind, read-only only at its own mount point (what a client older than API v1.44 asks of a read-only bind). */
    public BindMount readOnlyNonRecursive() {
        return new BindMount(source, target, mode, nonRecursive, given, createMountpoint, ReadOnlyDepth.NON_RECURSIVE);
    }

    /** The same bind, taken by another container ({@code --volumes-from}) with {@code access} (RO, RW or null = as it is). */
    public BindMount sharedAs(Option access) {
        List<Option> next = new ArrayList<>(mode.stream().filter(o -> o != Option.RO && o != Option.RW).toList());
        if (access != null ? access == Option.RO : readOnly()) {
            next.add(Option.RO);
        }
        return new BindMount(source, target, next, nonRecursive, GivenAs.VOLUMES_FROM, createMountpoint, readOnlyDepth);
    }

    /**
     * One entry of {@code Binds} that must be a host path (volumes are refused): {@code source:target[:mode]}.
     */
    public static BindMount parse(String spec) {
        if (parseEntry(spec) instanceof BindMount b) {
            return b;
        }
        throw EngineException.invalid("volumes are not allowed here: \"" + spec + "\"");
    }

    /**
     * One entry of {@code Binds}, with Docker's messages: {@code source:target[:mode]} binds a host
     * path when the source is absolute and names a volume otherwise; a lone path is an anonymous volume.
     */
    public static BindEntry parseEntry(String spec) {
        String[] parts = spec.split(":", 4);
        if (parts[0].isEmpty()) {
            throw invalidSpec(spec);
        }
        String source;
        String target;
        String mode = "";
        switch (parts.length) {
            case 1 -> {
                checkTarget(spec, "volume", parts[0]);
                return new VolumeBind("", "", parts[0], List.of(), true, GivenAs.BINDS, Map.of());
            }
            case 2 -> {
                if (options(parts[1]) != null) {
                    throw invalidSpec(spec); // a container path and a mode: volumes need a name or host path
                }
                source = parts[0];
                target = parts[1];
            }
            case 3 -> {
                source = parts[0];
                target = parts[1];
                mode = parts[2];
            }
            default -> throw invalidSpec(spec);
        }
        List<Option> options = options(mode);
        if (options == null) {
            throw EngineException.invalid("invalid mode: " + mode);
        }
        if (!source.startsWith("/")) {
            checkTarget(spec, "volume", target);
            if (options.stream().anyMatch(Option::isPropagation)) {
                throw EngineException.invalid("invalid mode: " + mode);
            }
            return new VolumeBind(source, "", target, options, false, GivenAs.BINDS, Map.of());
        }
        return new BindMount(source, target, options);
    }

    /** As the user wrote it: what inspect shows in {@code HostConfig.Binds}. */
    public String spec() {
        return spec(source, target, mode);
    }

    public boolean readOnly() {
        return mode.contains(Option.RO);
    }

    /** The propagation asked for, or null for the default (rprivate). */
    public Option propagation() {
        return mode.stream().filter(Option::isPropagation).findFirst().orElse(null);
    }

    /** The options of a mode string, or null if Docker would refuse it. */
    private static List<Option> options(String mode) {
        if (mode.isEmpty()) {
            return List.of();
        }
        List<Option> out = new ArrayList<>();
        for (String word : mode.split(",", -1)) {
            Option o = Option.of(word);
            if (o == null) {
                return null;
            }
            out.add(o);
        }
        return validMode(out) ? out : null;
    }

    private static boolean validMode(List<Option> mode) {
        Set<Group> seen = EnumSet.noneOf(Group.class);
        for (Option o : mode) {
            if (o == null || !seen.add(o.group)) {
                return false;
            }
        }
        return true;
    }

    private static void checkTarget(String spec, String type, String target) {
        if (target == null || target.isEmpty()) {
            throw invalidMount(spec, type, "field Target must not be empty");
        }
        if (ContainerPath.isRoot(target)) {
            throw invalidMount(spec, type, "invalid specification: destination can't be '/'");
        }
        if (!target.startsWith("/")) {
            throw invalidMount(spec, type, "invalid mount path: '" + target + "' mount path must be absolute");
        }
    }

    private static String spec(String source, String target, List<Option> mode) {
        return source + ":" + target + (mode.isEmpty() ? "" : ":" + join(mode));
    }

    private static String join(List<Option> mode) {
        return String.join(",", mode.stream().map(o -> o == null ? "" : o.word).toList());
    }

    private static EngineException invalidSpec(String spec) {
        return EngineException.invalid("invalid volume specification: '" + spec + "'");
    }

    private static EngineException invalidMount(String spec, String problem) {
        return invalidMount(spec, "bind", problem);
    }

    private static EngineException invalidMount(String spec, String type, String problem) {
        return EngineException.invalid("invalid volume specification: '" + spec + "': invalid mount config for type \""
                + type + "\": " + problem);
    }
}
