package dev.berth.cli.machine;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starting and stopping a machine's QEMU and supervisor, leaving nothing half-started on failure. */
final class Lifecycle {
    private Lifecycle() {}

    static void start(Machine m, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        if (m.qemu().isPresent()) throw new IOException("machine \"" + m.name + "\" is already running");
        MachineConfig cfg = m.config();
        Path image = m.home.cache().resolve(cfg.image());
        if (!MachineImage.cached(m.home, cfg.image())) {
            throw new IOException("the base image " + cfg.image() + " of machine \"" + m.name + "\" is missing from "
                    + m.home.cache() + ": remove the machine and init it again");
        }
        HostResources.checkMemory(cfg.memoryMiB());
        for (MachineConfig.Volume v : cfg.volumes()) {
            if (!Files.isDirectory(Path.of(v.host()))) throw new IOException("--volume " + v.host() + ": no such directory");
        }
        Accel accel = Accel.choose();
        if (accel.warning() != null) err.println(accel.warning());
        int ssh = Machine.freePort();
        int api = Machine.freePort();
        Files.writeString(m.dir.resolve(Machine.MOUNTS), QemuArgs.mounts(cfg));
        for (String f : List.of(Machine.PID, Machine.QMP, Machine.SOCKET, Machine.SUPERVISOR_PID, PortForwards.FILE)) {
            Files.deleteIfExists(m.dir.resolve(f));
        }
        Files.writeString(m.dir.resolve(Machine.RUN), "{\"SshPort\": " + ssh + ", \"ApiPort\": " + api
                + ", \"Accel\": \"" + accel.name() + "\"}\n");
        out.println("Starting machine \"" + m.name + "\"");
        long t0 = System.nanoTime();
        try {
            Commands.output(QemuArgs.of(cfg, m.dir, image, accel, ssh, api));
        } catch (IOException e) {
            throw new IOException("QEMU did not start: " + e.getMessage());
        }
        try {
            spawnSupervisor(m, api);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(accel.name().equals("tcg") ? 1800 : 90);
            while (!Machine.ping(m.socket(), 2000)) {
                if (m.qemu().isEmpty()) throw new IOException("QEMU exited while the machine booted" + consoleTail(m));
                if (System.nanoTime() > deadline) throw new IOException("berthd in the machine did not answer" + consoleTail(m));
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            kill(m);
            throw e;
        }
        out.printf("Machine \"%s\" started in %.1f s%n", m.name, (System.nanoTime() - t0) / 1e9);
        DockerContext.createOrUpdate(m, err);
        out.println("API socket: " + m.socket());
        out.println("Use it with: docker --context " + m.context() + " …   or   DOCKER_HOST=unix://" + m.socket());
    }

    private static void spawnSupervisor(Machine m, int apiPort) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> argv = new ArrayList<>();
        // its own session: a Ctrl-C in the terminal that ran `start` must not reach it
        if (Commands.onPath("setsid")) argv.add("setsid");
        argv.addAll(List.of(java, "-XX:+UseSerialGC", "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Supervisor.class.getName(),
                m.dir.toString(), Integer.toString(apiPort)));
        File log = m.dir.resolve("supervisor.log").toFile();
        new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).redirectErrorStream(true).start();
        for (int i = 0; i < 100 && !Files.exists(m.socket()); i++) Thread.sleep(100);
        if (!Files.exists(m.socket())) throw new IOException("the API forwarder did not start; see " + log);
    }

    static String consoleTail(Machine m) {
        try {
            List<String> lines = Files.readAllLines(m.dir.resolve("console.log"));
            return "; the end of its console (" + m.dir.resolve("console.log") + "):\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** A clean shutdown: ACPI power button (systemd stops berthd), then ssh poweroff, then kill. */
    static void stop(Machine m, PrintStream out) throws IOException, InterruptedException {
        Optional<ProcessHandle> qemu = m.qemu();
        if (qemu.isEmpty()) {
            out.println("Machine \"" + m.name + "\" is not running");
            return;
        }
        try (Qmp qmp = Qmp.connect(m.dir.resolve(Machine.QMP))) {
            qmp.execute("system_powerdown", null);
        } catch (IOException e) {
            // no monitor: fall through to ssh and kill
        }
        if (!waitExit(qemu.get(), 60)) {
            try {
                new ProcessBuilder(SshArgs.argv(m, List.of("poweroff"))).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // no ssh client: kill below
            }
            if (!waitExit(qemu.get(), 30)) kill(m);
        }
        cleanup(m);
        out.println("Machine \"" + m.name + "\" stopped");
    }

    /** Ends QEMU and the supervisor at once (a failed start, rm --force). */
    static void kill(Machine m) throws InterruptedException {
        m.qemu().ifPresent(p -> {
            p.destroyForcibly();
        });
        m.qemu().ifPresent(p -> waitQuietly(p, 10));
        cleanup(m);
    }

    private static void cleanup(Machine m) throws InterruptedException {
        Optional<ProcessHandle> sup = m.supervisor();
        if (sup.isPresent() && !waitExit(sup.get(), 5)) {
            sup.get().destroyForcibly();
            waitExit(sup.get(), 5);
        }
        for (String f : List.of(Machine.PID, Machine.QMP, Machine.SOCKET, Machine.SUPERVISOR_PID, PortForwards.FILE)) {
            try {
                Files.deleteIfExists(m.dir.resolve(f));
            } catch (IOException e) {
                // left for the next start, which deletes it first
            }
        }
    }

    private static void waitQuietly(ProcessHandle p, int seconds) {
        try {
            waitExit(p, seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean waitExit(ProcessHandle p, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (p.isAlive()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(100);
        }
        return true;
    }

}
