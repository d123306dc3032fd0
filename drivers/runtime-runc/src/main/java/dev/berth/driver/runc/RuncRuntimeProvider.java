package dev.berth.driver.runc;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * An OCI runtime that speaks runc's command line, under conmon: {@code runc} itself, and every
 * runtime daemon.json's {@code runtimes} names (crun, say), one driver instance per binary. The
 * daemon makes each with the options {@code runtime-name} (what {@code --runtime} selects; default
 * {@code runc}), {@code runtime-path} (the binary: a path, or a name looked up on PATH) and
 * {@code runtime-args} (global flags, one per line), and an exec root of its own so no two runtimes
 * share a {@code --root}, exit directory or conmon state.
 *
 * <p>The {@code runc} runtime: runc under conmon. Options (daemon.json): {@code runc} and
 * {@code conmon} (binary paths; default: found on PATH, /usr/bin, /usr/sbin, /usr/libexec/podman),
 * {@code cgroup-parent} (default {@code berth}), {@code init} ({@code true}: containers that do not
 * say run under {@link DockerInit}), {@code binfmt-misc-dir} (where emulators for other
 * architectures are registered; default {@code /proc/sys/fs/binfmt_misc}), {@code default-ulimits}
 * (daemon.json's, {@code name=soft:hard,…}), {@code cpu-rt-period} and {@code cpu-rt-runtime} (the budget written
 * above every container, {@link CpuRealtimeBudget}; default 0: none). The daemon must lay out bundle dirs and log paths as
 * {@link RuncLayout} says.
 */
public final class RuncRuntimeProvider implements RuntimeProvider {

    public static final String NAME = "runc";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RuntimeDriver create(DriverContext context) {
        String runtimeName = context.option("runtime-name", NAME);
        String runtimePath = context.option("runtime-path", "");
        Path runc = runtimePath.isEmpty() ? binary(context, "runc") : runtimeBinary(runtimeName, runtimePath);
        Path conmon = binary(context, "conmon");
        if (runc.getFileName().toString().equals("crun")) {
            refuseHybridControllers(runtimeName, Path.of("/sys/fs/cgroup/unified/cgroup.controllers"));
        }
        if (!isRoot()) {
            throw EngineException.unavailable("the runc runtime needs root", null);
        }
        String cgroupParent = context.option("cgroup-parent", "berth");
        RuncLayout layout = new RuncLayout(context.dataRoot(), context.execRoot());
        HostInfo host = HostInfo.detect();
        POSIX posix = POSIXFactory.getNativePOSIX();
        RuncCli cli = new RuncCli(runtimeName, runc, layout.runcRoot(), runtimeArgs(context.option("runtime-args", "")));
        try {
            return new RuncRuntimeDriver(layout, cli, new ConmonLauncher(conmon, cli, layout, posix),
                    new OciSpecBuilder(host, seccomp(context.option("seccomp-profile", "builtin")), cgroupParent,
                            new DockerInit(Path.of(context.option("init-path", DockerInit.TINI_STATIC.toString())),
                                    Boolean.parseBoolean(context.option("init", "false"))),
                            rlimits(context.option("default-ulimits", "")))
                            .withNoNewPrivilegesByDefault(Boolean.parseBoolean(context.option("no-new-privileges", "false"))),
                    EtcFiles.fromHost(), new CgroupOom(Path.of("/sys/fs/cgroup"),
                            new CgroupPaths(cgroupParent, layout::bundleDir), host.cgroupV2()), posix,
                    ExecPlatform.forHost(Path.of(context.option("binfmt-misc-dir", ExecPlatform.BINFMT_MISC.toString()))))
                    .withRealtimeBudget(CpuRealtimeBudget.of(CpuRealtimeBudget.CPU_MOUNT,
                            Long.parseLong(context.option("cpu-rt-period", "0")),
                            Long.parseLong(context.option("cpu-rt-runtime", "0"))));
        } catch (IOException e) {
            throw EngineException.unavailable("cannot prepare " + context.execRoot() + ": " + e.getMessage(), e);
        }
    }

    /** The {@code default-ulimits} option, {@code nofile=1024:2048,nproc=-1:-1} (the daemon checked each). */
    static List<ContainerSpec.Rlimit> rlimits(String option) {
        List<ContainerSpec.Rlimit> out = new ArrayList<>();
        for (String entry : option.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            int colon = entry.indexOf(':', eq);
            out.add(new ContainerSpec.Rlimit(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1, colon)),
                    Long.parseLong(entry.substring(colon + 1))));
        }
        return out;
    }

    /**
     * crun refuses every container with cgroup settings on a hybrid host whose cgroup2 hierarchy still
     * has a controller; said once here, with the fix, rather than at every start.
     */
    static void refuseHybridControllers(String runtimeName, Path unifiedControllers) {
        String controllers;
        try {
            controllers = Files.isRegularFile(unifiedControllers) ? Files.readString(unifiedControllers).strip() : "";
        } catch (IOException e) {
            return; // unreadable: let crun say what it thinks
        }
        if (!controllers.isEmpty()) {
            throw EngineException.unavailable("runtime " + runtimeName + ": crun refuses containers on hybrid cgroups "
                    + "while the cgroup2 hierarchy " + unifiedControllers.getParent() + " has controllers (" + controllers
                    + "); mount them as v1 hierarchies (scripts/install-deps does) and restart berthd", null);
        }
    }

    /** The {@code runtime-args} option: one argument per line, blank lines left out. */
    static List<String> runtimeArgs(String option) {
        return option.lines().filter(l -> !l.isBlank()).toList();
    }

    /** daemon.json's {@code path}: absolute, or a name found on PATH as dockerd looks it up. */
    static Path runtimeBinary(String runtimeName, String path) {
        Path p = path.contains("/") ? Path.of(path)
                : find(path).orElseThrow(() -> EngineException.unavailable("runtime " + runtimeName + ": " + path
                        + " not found on PATH, /usr/bin, /usr/sbin or /usr/libexec/podman", null));
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw EngineException.unavailable("runtime " + runtimeName + ": " + p + " is not an executable file", null);
        }
        return p;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name")) || POSIXFactory.getNativePOSIX().geteuid() == 0;
    }

    static Path binary(DriverContext context, String name) {
        String configured = context.option(name, "");
        if (!configured.isEmpty()) {
            Path p = Path.of(configured);
            if (!Files.isExecutable(p)) {
                throw EngineException.unavailable(name + " not executable at " + p + " (option '" + name + "')", null);
            }
            return p;
        }
        return find(name).orElseThrow(() -> EngineException.unavailable(
                name + " not found on PATH, /usr/bin, /usr/sbin or /usr/libexec/podman", null));
    }

    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/libexec/podman"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The daemon's {@code seccomp-profile}: Docker's default (builtin), none (unconfined), or the profile in a file;
     * a container's own {@code --security-opt seccomp=…} still wins.
     */
    static SeccompProfile seccomp(String profile) {
        if (profile.equals("builtin")) {
            return SeccompProfile.dockerDefault();
        }
        if (profile.equals("unconfined")) {
            return null;
        }
        try {
            return SeccompProfile.parse(java.nio.file.Files.readString(Path.of(profile)));
        } catch (IOException | RuntimeException e) {
            throw EngineException.invalid("opening seccomp profile (" + profile + ") failed: " + e.getMessage());
        }
    }
}
