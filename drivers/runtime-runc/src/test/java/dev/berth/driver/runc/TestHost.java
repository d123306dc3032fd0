package dev.berth.driver.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A private data root, exec root, cgroup parent and busybox rootfs for one IT class, and the
 * clean-up of exactly what the tests made: runc containers under our --root, conmon processes by
 * the pids in our pidfiles, our cgroup directories.
 */
final class TestHost implements AutoCloseable {

    private static final List<String> APPLETS = List.of(
            "sh", "echo", "sleep", "cat", "true", "false", "ls", "id", "env", "hostname", "wget", "ps", "grep", "touch", "head", "tty", "stty", "wc");

    private final Path base;
    private final Path rootfs;
    private final String cgroupParent = "berth-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> ids = new ArrayList<>();
    /** The OCI runtime binary the drivers of this host run: runc, or crun through the same driver. */
    private final String runtime;

    private TestHost(Path base, String runtime) throws IOException {
        this.base = base;
        this.runtime = runtime;
        this.rootfs = makeRootfs(base.resolve("rootfs"));
        Files.createDirectories(dataRoot());
        Files.createDirectories(execRoot());
    }

    static boolean usable() {
        return "root".equals(System.getProperty("user.name"))
                && RuncRuntimeProvider.find("runc").isPresent()
                && RuncRuntimeProvider.find("conmon").isPresent()
                && Files.isExecutable(Path.of("/bin/busybox"));
    }

    static TestHost create() throws IOException {
        return create("runc");
    }

    /** @param runtime {@code runc} or another runtime binary that speaks runc's CLI ({@code crun}) */
    static TestHost create(String runtime) throws IOException {
        // short: conmon's attach socket path <execRoot>/s/<64-hex id>/attach must fit in 108 bytes
        return new TestHost(Files.createTempDirectory(Path.of("/tmp"), "bt"), runtime);
    }

    /** Whether the runtime binary is installed too (crun: scripts/install-deps). */
    boolean runtimeInstalled() {
        return RuncRuntimeProvider.find(runtime).isPresent();
    }

    /** The driver options that select this host's runtime and cgroup parent. */
    java.util.Map<String, String> options() {
        return runtime.equals("runc") ? java.util.Map.of("cgroup-parent", cgroupParent)
                : java.util.Map.of("cgroup-parent", cgroupParent, "runtime-name", runtime, "runtime-path", runtime);
    }

    /** The runtime binary's command line on this host's {@code --root}, for what the driver does not do. */
    List<String> runtimeCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(runtime, "--root=" + execRoot().resolve("runc")));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Path makeRootfs(Path root) throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("tmp"));
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(root.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"
                        + "app:x:1000:1000:app:/home/app:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\napp:x:1000:\nextra:x:2000:app\n");
        return root;
    }

    Path dataRoot() {
        return base.resolve("data");
    }

    Path execRoot() {
        return base.resolve("exec");
    }

    Path rootfs() {
        return rootfs;
    }

    String cgroupParent() {
        return cgroupParent;
    }

    /** Remembers an id for the final sweep. */
    /** A runc driver on this host's roots, reporting exits to {@code exits}. */
    dev.berth.spi.runtime.RuntimeDriver driver(dev.berth.spi.runtime.ExitListener exits) {
        var d = new RuncRuntimeProvider().create(new dev.berth.spi.DriverContext(dataRoot(), execRoot(), options()));
        d.setExitListener(exits);
        return d;
    }

    /** A fresh container id, remembered for clean-up. */
    String newId() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        String id = java.util.HexFormat.of().formatHex(b);
        forget(id);
        return id;
    }

    void forget(String id) {
        ids.add(id);
    }

    @Override
    public void close() throws Exception {
        Path runcRoot = execRoot().resolve("runc");
        Optional<Path> runc = RuncRuntimeProvider.find(runtime);
        for (String id : ids) {
            runc.ifPresent(r -> run(r.toString(), "--root=" + runcRoot, "delete", "--force", id));
            Path pidFile = execRoot().resolve("conmon").resolve(id).resolve("conmon.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid)
                        .filter(h -> h.info().command().map(c -> c.endsWith("conmon")).orElse(false))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        removeCgroups();
        RuncRuntimeDriver.deleteTree(base);
    }

    private void removeCgroups() throws IOException {
        Path root = Path.of("/sys/fs/cgroup");
        List<Path> dirs = new ArrayList<>();
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            dirs.add(root.resolve(cgroupParent));
        } else {
            try (var controllers = Files.list(root)) {
                controllers.forEach(c -> dirs.add(c.resolve(cgroupParent)));
            }
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var children = Files.list(dir)) {
                children.filter(Files::isDirectory).forEach(c -> c.toFile().delete());
            }
            dir.toFile().delete(); // rmdir: a cgroup directory is removed empty of tasks and children
        }
    }

    private static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // best effort
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
