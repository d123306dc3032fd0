package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.runtime.ContainerSpec;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Builds an OCI runtime {@code config.json} from a {@link ContainerSpec} with Docker's defaults
 * (moby's {@code oci/defaults.go} and {@code daemon/oci_linux.go}).
 */
final class OciSpecBuilder {
    /** Where config.json keeps {@code --group-add} for execs. */
    static final String GROUP_ADD_ANNOTATION = "dev.berth.group-add";


    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Docker's masked paths. */
    static final List<String> MASKED_PATHS = List.of(
            "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    /** Docker's read-only paths. */
    static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final HostInfo host;
    private final SeccompProfile seccomp;
    private boolean noNewPrivilegesByDefault;
    private final String cgroupParent;
    private final DockerInit init;
    private final List<ContainerSpec.Rlimit> defaultRlimits;

    OciSpecBuilder(HostInfo host, SeccompProfile seccomp, String cgroupParent) {
        this(host, seccomp, cgroupParent, DockerInit.OFF);
    }

    OciSpecBuilder(HostInfo host, SeccompProfile seccomp, String cgroupParent, DockerInit init) {
        this(host, seccomp, cgroupParent, init, List.of());
    }

    /** @param defaultRlimits daemon.json {@code default-ulimits}: a container's own {@code --ulimit} of a name wins */
    OciSpecBuilder(HostInfo host, SeccompProfile seccomp, String cgroupParent, DockerInit init,
                   List<ContainerSpec.Rlimit> defaultRlimits) {
        this.host = host;
        this.seccomp = seccomp;
        this.cgroupParent = cgroupParent.startsWith("/") ? cgroupParent : "/" + cgroupParent;
        this.init = init;
        this.defaultRlimits = List.copyOf(defaultRlimits);
    }

    /** The highest capability number this kernel knows ({@code --privileged} gets them all). */
    int capLastCap() {
        return host.capLastCap();
    }

    /** The capabilities the daemon may grant at all ({@code --privileged} gets those of them the kernel knows). */
    long boundingSet() {
        return host.boundingSet();
    }

    HostInfo host() {
        return host;
    }

    /** The cgroup parent, with its leading slash. */
    String cgroupParent() {
        return cgroupParent;
    }

    /**
     * @param etcDir where {@link EtcFiles} wrote hostname, hosts and resolv.conf
     * @param user   the already resolved user
     */
    ObjectNode build(ContainerSpec spec, UserResolver.User user, Path etcDir) {
        ContainerSpec.Security sec = spec.security();
        List<String> caps = Capabilities.resolve(sec.privileged(), sec.capAdd(), sec.capDrop(), host.capLastCap(),
                host.boundingSet());

        boolean withInit = init.wanted(spec.init());
        ObjectNode root = F.objectNode();
        root.put("ociVersion", "1.0.2-dev");
        root.set("process", process(spec, user, caps, withInit));
        ObjectNode r = root.putObject("root");
        r.put("path", spec.rootfs().toAbsolutePath().toString());
        r.put("readonly", spec.readonlyRootfs());
        // runc cannot set a name without a UTS namespace of the container's own
        if (!spec.hostUts()) {
            root.put("hostname", spec.hostname());
        }
        if (!spec.hostUts() && !spec.domainname().isEmpty()) {
            root.put("domainname", spec.domainname());
        }
        ArrayNode mounts = OciMounts.build(spec, etcDir);
        if (withInit) {
            mounts.add(init.mount());
        }
        root.set("mounts", mounts);
        ObjectNode annotations = root.putObject("annotations");
        spec.labels().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> annotations.put(e.getKey(), e.getValue()));
        // the user's own annotations (HostConfig.Annotations) win over a label of the same key
        spec.annotations().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> annotations.put(e.getKey(), e.getValue()));
        if (!spec.namespaces().groupAdd().isEmpty()) {
            // an exec as another user gets these groups too, as with dockerd: kept where the exec reads
            annotations.put(GROUP_ADD_ANNOTATION, String.join("\n", spec.namespaces().groupAdd()));
        }
        root.set("linux", linux(spec, caps));
        return root;
    }

    private ObjectNode process(ContainerSpec spec, UserResolver.User user, List<String> caps, boolean withInit) {
        ObjectNode p = F.objectNode();
        p.put("terminal", spec.tty());
        if (spec.tty() && spec.consoleSize().given()) {
            // the runtime sizes the terminal before the process runs: no window at 0x0 until the first resize
            ObjectNode size = p.putObject("consoleSize");
            size.put("height", spec.consoleSize().height());
            size.put("width", spec.consoleSize().width());
        }
        ObjectNode u = p.putObject("user");
        u.put("uid", user.uid());
        u.put("gid", user.gid());
        if (!user.additionalGids().isEmpty()) {
            ArrayNode g = u.putArray("additionalGids");
            user.additionalGids().forEach(g::add);
        }
        ArrayNode args = p.putArray("args");
        if (withInit) {
            args.add(DockerInit.PATH).add("--");
        }
        spec.args().forEach(args::add);
        ArrayNode env = p.putArray("env");
        environment(spec.env(), spec.hostname(), spec.tty()).forEach(env::add);
        p.put("cwd", spec.workingDir());
        ObjectNode c = p.putObject("capabilities");
        // a non-root process keeps the bounding set only, as Docker does since 23.0
        List<String> active = user.uid() == 0 ? caps : List.of();
        for (String set : List.of("bounding", "effective", "permitted")) {
            ArrayNode a = c.putArray(set);
            (set.equals("bounding") ? caps : active).forEach(a::add);
        }
        p.put("noNewPrivileges", noNewPrivileges(spec.security().securityOpt()));
        p.put("oomScoreAdj", spec.oomScoreAdj());
        List<ContainerSpec.Rlimit> limits = new ArrayList<>(spec.rlimits());
        // as dockerd merges them: the container's own first, then each default it does not name
        defaultRlimits.stream().filter(d -> spec.rlimits().stream().noneMatch(r -> r.name().equals(d.name())))
                .forEach(limits::add);
        if (!limits.isEmpty()) {
            ArrayNode rlimits = p.putArray("rlimits");
            for (ContainerSpec.Rlimit r : limits) {
                // OCI's limits are unsigned: Docker's -1 (unlimited) is RLIM_INFINITY, all bits set
                rlimits.addObject().put("type", "RLIMIT_" + r.name().toUpperCase(Locale.ROOT))
                        .put("hard", new BigInteger(Long.toUnsignedString(r.hard())))
                        .put("soft", new BigInteger(Long.toUnsignedString(r.soft())));
            }
        }
        return p;
    }

    /**
     * Under the container's {@code --cgroup-parent}, else the daemon's. A relative parent is taken from the
     * hierarchy's root, as the daemon's own is (dockerd's runc reads it relative to its own cgroup, which is
     * the root when the daemon runs there).
     */
    private String cgroupsPath(ContainerSpec spec) {
        String own = spec.namespaces().cgroupParent();
        String parent = own.isEmpty() ? cgroupParent : own.startsWith("/") ? own : "/" + own;
        return (parent.endsWith("/") ? parent : parent + "/") + spec.id();
    }

    /** A namespace of the container's own, or another's joined ({@code --pid/--ipc container:X}). */
    private static void namespace(ArrayNode list, String type, Path join) {
        ObjectNode n = list.addObject().put("type", type);
        if (join != null) {
            n.put("path", join.toString());
        }
    }

    private ObjectNode linux(ContainerSpec spec, List<String> caps) {
        boolean privileged = spec.security().privileged();
        ObjectNode l = F.objectNode();
        l.set("resources", OciResources.build(spec.resources(), privileged, host.swapLimit()));
        OciDevices.apply(l, spec.resources(), privileged);
        l.put("cgroupsPath", cgroupsPath(spec));
        if (!spec.sysctls().isEmpty()) {
            ObjectNode sysctl = l.putObject("sysctl");
            new TreeMap<>(spec.sysctls()).forEach(sysctl::put);
        }
        ArrayNode ns = l.putArray("namespaces");
        // a host namespace is one not listed: runc then stays in its own, the host's
        if (!spec.hostPid()) {
            namespace(ns, "pid", spec.namespaces().pidNamespace());
        }
        if (!spec.hostIpc()) {
            namespace(ns, "ipc", spec.namespaces().ipcNamespace());
        }
        if (!spec.hostUts()) {
            ns.addObject().put("type", "uts");
        }
        ns.addObject().put("type", "mount");
        switch (spec.network().mode()) {
            case NONE -> ns.addObject().put("type", "network");
            case NAMESPACE -> ns.addObject().put("type", "network")
                    .put("path", spec.network().netnsPath().toAbsolutePath().toString());
            case HOST -> { }
        }
        String cgroupns = spec.namespaces().cgroupns();
        // Docker's default cgroupns mode is private on cgroup v2, host on v1
        if (cgroupns.equals("private") || cgroupns.isEmpty() && host.cgroupV2()) {
            ns.addObject().put("type", "cgroup");
        }
        if (!privileged) {
            ArrayNode masked = l.putArray("maskedPaths");
            List<String> maskedPaths = spec.security().maskedPaths();
            (maskedPaths == null ? MASKED_PATHS : maskedPaths).forEach(masked::add);
            ArrayNode ro = l.putArray("readonlyPaths");
            List<String> readonlyPaths = spec.security().readonlyPaths();
            (readonlyPaths == null ? READONLY_PATHS : readonlyPaths).forEach(ro::add);
            SeccompProfile profile = seccompFor(spec.security().securityOpt());
            if (profile != null) {
                l.set("seccomp", profile.toOci(host.arch(), host.kernel(), caps));
            }
        }
        return l;
    }

    /** PATH and HOSTNAME first (unless the user sets them), then the user's entries, later ones replacing earlier. */
    static List<String> environment(List<String> userEnv, String hostname) {
        return environment(userEnv, hostname, false);
    }

    /** As {@link #environment(List, String)}, with Docker's {@code TERM=xterm} after HOSTNAME for a TTY. */
    static List<String> environment(List<String> userEnv, String hostname, boolean tty) {
        List<String> env = new ArrayList<>();
        env.add("PATH=" + DEFAULT_PATH);
        if (!hostname.isEmpty()) {
            env.add("HOSTNAME=" + hostname);
        }
        if (tty) {
            env.add("TERM=xterm");
        }
        return merge(env, userEnv);
    }

    /** {@code base} with each of {@code entries} replacing the entry of its key, or appended. */
    static List<String> merge(List<String> base, List<String> entries) {
        List<String> env = new ArrayList<>(base);
        for (String entry : entries) {
            String key = entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry;
            int at = -1;
            for (int i = 0; i < env.size(); i++) {
                String e = env.get(i);
                if (e.equals(key) || e.startsWith(key + "=")) {
                    at = i;
                    break;
                }
            }
            if (at >= 0) {
                env.set(at, entry);
            } else {
                env.add(entry);
            }
        }
        return env;
    }

    /**
     * The profile {@code --security-opt} asks for: null for {@code seccomp=unconfined}, the JSON the
     * docker CLI inlines for {@code seccomp=<file>}, else Docker's default.
     */
    SeccompProfile seccompFor(List<String> securityOpt) {
        for (String o : securityOpt) {
            if (!o.startsWith("seccomp=") && !o.startsWith("seccomp:")) {
                continue;
            }
            String value = o.substring("seccomp=".length()).trim();
            if (value.equals("unconfined")) {
                return null;
            }
            if (value.startsWith("{")) {
                try {
                    return SeccompProfile.parse(value);
                } catch (RuntimeException e) {
                    throw dev.berth.spi.EngineException.invalid("invalid seccomp profile: " + e.getMessage());
                }
            }
        }
        return seccomp;
    }

    /**
     * {@code no-new-privileges[=true]} in the container's security options, else the daemon's {@code
     * no-new-privileges} unless the container says {@code no-new-privileges=false}.
     */
    boolean noNewPrivileges(List<String> securityOpt) {
        if (securityOpt.stream().anyMatch(OciSpecBuilder::isNoNewPrivileges)) {
            return true;
        }
        boolean optedOut = securityOpt.stream()
                .anyMatch(o -> o.toLowerCase(Locale.ROOT).replace(':', '=').equals("no-new-privileges=false"));
        return noNewPrivilegesByDefault && !optedOut;
    }

    /** The daemon's {@code no-new-privileges}: containers that do not opt out run with it. */
    OciSpecBuilder withNoNewPrivilegesByDefault(boolean on) {
        this.noNewPrivilegesByDefault = on;
        return this;
    }

    private static boolean isNoNewPrivileges(String opt) {
        String o = opt.toLowerCase(Locale.ROOT).replace(':', '=');
        return o.equals("no-new-privileges") || o.equals("no-new-privileges=true");
    }
}
