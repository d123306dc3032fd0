package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.NamespaceOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The OCI {@code mounts} list: Docker's defaults, the /etc files, then the user's mounts. */
final class OciMounts {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Docker's {@code --tmpfs} defaults, before the user's options. */
    static final List<String> TMPFS_DEFAULTS = List.of("noexec", "nosuid", "nodev");

    private OciMounts() {}

    static ArrayNode build(ContainerSpec spec, Path etcDir) {
        boolean privileged = spec.security().privileged();
        List<ObjectNode> defaults = new ArrayList<>();
        defaults.add(mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        defaults.add(mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        defaults.add(mount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        defaults.add(mount("/sys", "sysfs", "sysfs",
                privileged ? List.of("nosuid", "noexec", "nodev") : List.of("nosuid", "noexec", "nodev", "ro")));
        defaults.add(mount("/sys/fs/cgroup", "cgroup", "cgroup",
                privileged ? List.of("nosuid", "noexec", "nodev") : List.of("ro", "nosuid", "noexec", "nodev")));
        long shm = spec.shmSize();
        // an mqueue mount shows the IPC namespace's queues: the host's ones with --ipc host
        defaults.add(mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        if (spec.hostIpc()) {
            // the host's IPC namespace comes with the host's POSIX shared memory
            defaults.add(mount("/dev/shm", "bind", "/dev/shm", List.of("rbind", "rw")));
        } else if (spec.namespaces().shm() != null) {
            // the memory of the container whose IPC namespace this one joins
            defaults.add(mount("/dev/shm", "bind", spec.namespaces().shm().toString(), List.of("rbind", "rw")));
        } else if (spec.namespaces().sharedShm()) {
            // the host-side tmpfs the driver mounted, which joining containers bind too
            defaults.add(mount("/dev/shm", "bind", NamespaceOptions.sharedShmDir(spec.bundleDir()).toString(),
                    List.of("rbind", "rw")));
        } else if (!spec.namespaces().noShm()) { // --ipc none: no /dev/shm
            defaults.add(mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777",
                    "size=" + (shm % 1024 == 0 ? shm / 1024 + "k" : Long.toString(shm)))));
        }

        List<String> etcOptions = spec.readonlyRootfs() ? List.of("rbind", "rprivate", "ro") : List.of("rbind", "rprivate");
        defaults.add(mount("/etc/resolv.conf", "bind", etcDir.resolve(EtcFiles.RESOLV_CONF).toString(), etcOptions));
        defaults.add(mount("/etc/hostname", "bind", etcDir.resolve(EtcFiles.HOSTNAME).toString(), etcOptions));
        defaults.add(mount("/etc/hosts", "bind", etcDir.resolve(EtcFiles.HOSTS).toString(), etcOptions));

        List<ObjectNode> user = spec.mounts().stream()
                .sorted(Comparator.comparingInt(m -> depth(m.destination())))
                .map(OciMounts::userMount)
                .toList();
        Set<String> userDestinations = new java.util.HashSet<>();
        user.forEach(m -> userDestinations.add(m.get("destination").asText()));

        ArrayNode out = F.arrayNode();
        for (ObjectNode m : defaults) {
            // a user mount on the same path replaces the default (e.g. --tmpfs /dev/shm)
            if (!userDestinations.contains(m.get("destination").asText())) {
                out.add(m);
            }
        }
        user.forEach(out::add);
        return out;
    }

    static ObjectNode userMount(ContainerSpec.Mount m) {
        if (m.type().equals("tmpfs")) {
            return mount(m.destination(), "tmpfs", "tmpfs", mergeTmpfsOptions(m.options()));
        }
        List<String> options = new ArrayList<>(m.options());
        if (m.type().equals("bind") && !options.contains("bind") && !options.contains("rbind")) {
            options.add(0, "rbind");
        }
        if (m.type().equals("bind") && options.stream().noneMatch(OciMounts::isPropagation)) {
            options.add("rprivate");
        }
        return mount(m.destination(), m.type(), m.source() == null ? m.type() : m.source(), options);
    }

    /** Defaults first, then the user's; of each opposing pair (exec/noexec …) the last one wins. */
    static List<String> mergeTmpfsOptions(List<String> userOptions) {
        Map<String, String> byKey = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(TMPFS_DEFAULTS);
        all.addAll(userOptions);
        for (String o : all) {
            byKey.put(key(o), o);
        }
        return List.copyOf(byKey.values());
    }

    private static String key(String option) {
        return switch (option) {
            case "exec", "noexec" -> "exec";
            case "suid", "nosuid" -> "suid";
            case "dev", "nodev" -> "dev";
            case "ro", "rw" -> "rw";
            case "atime", "noatime", "relatime", "strictatime" -> "atime";
            default -> option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
        };
    }

    private static boolean isPropagation(String o) {
        return Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave").contains(o);
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    private static ObjectNode mount(String destination, String type, String source, List<String> options) {
        ObjectNode m = F.objectNode();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        ArrayNode o = m.putArray("options");
        options.forEach(o::add);
        return m;
    }
}
