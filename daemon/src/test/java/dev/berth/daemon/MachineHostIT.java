package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Everything of {@code berth machine} that needs no booted guest, for real on this host: the CLI's
 * refusals, a machine's directory (its overlay disk made by qemu-img on a base image, the berth disk,
 * the ssh key), ls/inspect statuses, rm with the docker context; then the supervisor that {@code start}
 * leaves behind, run against berthd on the host: its unix socket forwards to berthd's loopback TCP
 * (what QEMU forwards into the guest), and its port bookkeeping drives a real QEMU's user network
 * through QMP. That QEMU runs {@code -machine none}: no guest, but the same monitor and slirp
 * hostfwd rules a machine has. The base image is a stand-in (an empty qcow2 and empty kernel files
 * under the key {@code init} computes): building the real one takes over 10 minutes (MachineIT).
 */
class MachineHostIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path BERTH = ROOT.resolve("bin").resolve("berth");

    private Path tmp;
    private Path machines;
    private String name;
    private Map<String, String> env;
    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        BerthdProcess.requireEnvironment();
        tmp = Files.createTempDirectory("berth-machine-host-it-");
        machines = tmp.resolve("machines");
        name = "hit-" + UUID.randomUUID().toString().substring(0, 6);
        Path cache = tmp.resolve("cache");
        Files.createDirectories(tmp.resolve("docker"));
        env = Map.of("BERTH_MACHINE_HOME", machines.toString(), "BERTH_MACHINE_CACHE", cache.toString(),
                "DOCKER_CONFIG", tmp.resolve("docker").toString(), "DOCKER_CLI_HINTS", "false",
                // a cache miss (the key computed below gone stale) fails at once instead of a 10-minute build
                "BERTH_MACHINE_MIRROR", "http://127.0.0.1:9/debian");
        Path image = Files.createDirectories(cache.resolve(imageKey()));
        ok(exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", image.resolve("base.qcow2").toString(), "4G")));
        Files.createFile(image.resolve("vmlinuz"));
        Files.createFile(image.resolve("initrd.img"));
    }

    @AfterEach
    void tearDown() {
        Path dir = machines.resolve(name);
        for (String pidFile : List.of("qemu.pid", "supervisor.pid")) pid(dir.resolve(pidFile)).ifPresent(started::add);
        for (ProcessHandle p : started) {
            p.destroyForcibly();
            p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join();
        }
        exec(List.of("docker", "context", "rm", "--force", "berth-" + name));
        BerthdProcess.run(Duration.ofMinutes(1), "rm", "-rf", "--one-file-system", tmp.toString());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void badInputIsRefusedAndLeavesNoMachine() throws Exception {
        assertThat(ok(berth("machine", "ls")).out()).startsWith("NAME").hasLineCount(1);
        refused(berth("machine", "init", "../evil"), "invalid machine name \"../evil\"");
        refused(berth("machine", "init", name, "--memory", "99999999"), "not enough memory: the machine needs 99999999 MiB");
        refused(berth("machine", "init", name, "--disk-size", "999999"), "not enough disk space");
        refused(berth("machine", "init", name, "--memory", "100"), "--memory must be at least 512");
        refused(berth("machine", "init", name, "--volume", tmp.resolve("nope").toString()), "is not a directory");
        assertThat(machines.resolve(name)).doesNotExist();
        for (String verb : List.of("start", "stop", "rm", "inspect", "ssh")) {
            refused(berth("machine", verb, "nosuch"), "machine \"nosuch\" does not exist");
        }

        Path share = Files.createDirectories(tmp.resolve("share"));
        assertThat(ok(berth("machine", "init", name, "--cpus", "1", "--memory", "512", "--disk-size", "6", "--volume",
                share.toString())).out()).contains("Machine \"" + name + "\" created");
        Path dir = machines.resolve(name);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("berth.ext4", "config.json", "disk.qcow2", "id_ed25519", "id_ed25519.pub");
        }
        try (Stream<Path> s = Files.list(machines)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".partial")).toList()).isEmpty();
        }
        // the machine's disk is an overlay of the cached base image at the size asked for
        String info = ok(exec(List.of("qemu-img", "info", dir.resolve("disk.qcow2").toString()))).out();
        assertThat(info).contains("virtual size: 6 GiB").contains(tmp.resolve("cache").toString());
        // the berth disk carries this checkout's daemon
        assertThat(ok(exec(List.of("debugfs", "-R", "ls -p /daemon/target", dir.resolve("berth.ext4").toString()))).out())
                .contains("berth-daemon-");
        refused(berth("machine", "init", name), "machine \"" + name + "\" already exists");

        assertThat(ok(berth("machine", "ls")).out()).containsPattern(name + "\\s+Stopped\\s+1\\s+512MiB\\s+6GiB");
        assertThat(ok(berth("machine", "ls", "-q")).out()).isEqualTo(name + "\n");
        assertThat(ok(berth("machine", "inspect", name)).out()).contains("\"State\": \"Stopped\"")
                .contains("\"Source\": \"" + share + "\"").contains("\"DockerContext\": \"berth-" + name + "\"");
        assertThat(ok(berth("machine", "stop", name)).out()).contains("is not running");
        refused(berth("machine", "ssh", name), "is not running");

        // the stand-in kernel cannot boot: start fails saying so and leaves nothing running
        Result start = berth("machine", "start", name);
        assertThat(start.exitCode()).as(start.toString()).isNotZero();
        assertThat(start.err()).contains("QEMU did not start");
        assertThat(dir.resolve("qemu.pid")).doesNotExist();
        assertThat(dir.resolve("berth.sock")).doesNotExist();
        assertThat(ok(berth("machine", "ls")).out()).containsPattern(name + "\\s+Stopped");

        ok(berth("machine", "rm", name));
        assertThat(dir).doesNotExist();
        assertThat(ok(berth("machine", "ls")).out()).doesNotContain(name);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void supervisorForwardsTheApiAndKeepsQemusPortForwardsInStep() throws Exception {
        ok(berth("machine", "init", name, "--memory", "512", "--disk-size", "6"));
        Path dir = machines.resolve(name);
        try (BerthdProcess d = BerthdProcess.startWithTcp()) {
            // a QEMU without a guest in the machine's place: running as far as berth can tell
            ok(exec(List.of("qemu-system-x86_64", "-name", "berth-" + name, "-machine", "none", "-nodefaults",
                    "-no-user-config", "-display", "none", "-netdev", "user,id=net0",
                    "-qmp", "unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off",
                    "-pidfile", dir.resolve("qemu.pid").toString(), "-daemonize")));
            pid(dir.resolve("qemu.pid")).ifPresent(started::add);
            assertThat(ok(berth("machine", "ls")).out()).containsPattern(name + "\\s+Starting");
            refused(berth("machine", "start", name), "machine \"" + name + "\" is already running");
            refused(berth("machine", "rm", name), "is running: stop it first, or use --force");

            // the supervisor as start spawns it, its API port being berthd's loopback TCP on this host
            Files.writeString(dir.resolve("run.json"), "{\"SshPort\": 1, \"ApiPort\": " + d.tcpPort()
                    + ", \"Accel\": \"none\"}\n");
            Process sup = new ProcessBuilder(java(), "-cp", cliClasspath(), "dev.berth.cli.machine.Supervisor",
                    dir.toString(), Integer.toString(d.tcpPort()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("supervisor.log").toFile()))
                    .redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
            started.add(sup.toHandle());
            Path sock = dir.resolve("berth.sock");
            assertThat(poll(() -> Files.exists(sock), 30)).as("supervisor serves " + sock).isTrue();
            assertThat(poll(() -> berth("machine", "ls").out().matches("(?s).*" + name + "\\s+Running.*"), 30)).isTrue();
            assertThat(ok(berth("machine", "inspect", name)).out()).contains("\"State\": \"Running\"")
                    .contains("\"QemuPid\"");

            String host = "unix://" + sock;
            ok(docker("-H", host, "import", BerthdProcess.busyboxTar().toString(), "busybox"));
            assertThat(ok(docker("-H", host, "run", "--rm", "busybox", "echo", "hi")).out()).isEqualTo("hi\n");
            ok(docker("context", "create", "berth-" + name, "--docker", "host=" + host));
            assertThat(ok(docker("--context", "berth-" + name, "run", "--rm", "-i", "busybox", "cat")).out()).isEmpty();

            // published ports: forwarded on the host's 127.0.0.1 while the container runs, and a port
            // another program holds there is named in the log, not forwarded
            int free = freePort();
            try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int taken = held.getLocalPort();
                // berthd on this host publishes on 127.0.0.2: the host's 127.0.0.1 ports stay QEMU's to take
                ok(docker("-H", host, "run", "-d", "--name", name + "-web", "-p", "127.0.0.2:" + free + ":8080",
                        "busybox", "sleep", "300"));
                ok(docker("-H", host, "run", "-d", "--name", name + "-busy", "-p", "127.0.0.2:" + taken + ":8080",
                        "busybox", "sleep", "300"));
                assertThat(poll(() -> usernet(dir).contains("127.0.0.1 " + free + " "), 30))
                        .as("hostfwd of " + free + " in " + usernet(dir)).isTrue();
                assertThat(poll(() -> Files.readString(dir.resolve("supervisor.log")).contains("cannot forward 127.0.0.1:"
                        + taken + "/tcp to the machine (container " + name + "-busy): the port is already in use on this host"),
                        30)).isTrue();
                assertThat(usernet(dir)).doesNotContain("127.0.0.1 " + taken + " ");
                // and inspect shows it with the container that publishes it, beside what is forwarded
                assertThat(ok(berth("machine", "inspect", name)).out()).contains("\"Problems\": [")
                        .contains("cannot forward 127.0.0.1:" + taken + "/tcp to the machine (container " + name
                                + "-busy): the port is already in use on this host")
                        .contains("\"Forwarded\": [").contains("\"tcp:" + free + "\"");
                ok(docker("-H", host, "rm", "-f", name + "-web", name + "-busy"));
                assertThat(poll(() -> !usernet(dir).contains("127.0.0.1 " + free + " "), 30))
                        .as("hostfwd of " + free + " removed: " + usernet(dir)).isTrue();
            }

            ok(berth("machine", "rm", "--force", name));
            assertThat(dir).doesNotExist();
            assertThat(sup.waitFor(15, TimeUnit.SECONDS)).as("the supervisor exits with QEMU").isTrue();
            assertThat(started.get(0).isAlive()).as("QEMU killed").isFalse();
            assertThat(docker("context", "inspect", "berth-" + name).exitCode()).isNotZero();
            assertThat(d.ping()).isTrue();
        }
    }

    /** The key MachineImage.key computes: the script and its package list (kept in step by this test failing). */
    private static String imageKey() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Path script = ROOT.resolve("scripts").resolve("machine-image");
        md.update(Files.readAllBytes(script));
        md.update(ok(exec(List.of(script.toString(), "--packages"), null)).out().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    /** QEMU's user-network table, through a QMP connection of the test's own. */
    private static String usernet(Path dir) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("qmp.sock")))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            OutputStream out = Channels.newOutputStream(ch);
            in.readLine();
            out.write("{\"execute\":\"qmp_capabilities\"}\n".getBytes(StandardCharsets.UTF_8));
            in.readLine();
            out.write("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info usernet\"}}\n"
                    .getBytes(StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("{\"return\""));
            // one rule a row: "TCP[HOST_FORWARD] FD 127.0.0.1 PORT 10.0.2.15 PORT ...", spaces squeezed
            return line == null ? "" : line.replace("\\r\\n", "\n").replaceAll(" +", " ");
        }
    }

    private static String cliClasspath() throws IOException {
        Path target = ROOT.resolve("cli").resolve("target");
        try (Stream<Path> s = Files.list(target)) {
            Path jar = s.filter(p -> p.getFileName().toString().matches("berth-cli-.*(?<!-tests)\\.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no cli jar in " + target + ": mvn -DskipTests package"));
            return jar + File.pathSeparator + target.resolve("lib") + File.separator + "*";
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private Result berth(String... args) {
        List<String> argv = new ArrayList<>(List.of(BERTH.toString()));
        argv.addAll(List.of(args));
        return exec(argv, env);
    }

    private Result docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return exec(argv, env);
    }

    private Result exec(List<String> argv) {
        return exec(argv, env);
    }

    private static Result exec(List<String> argv, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("machine-out", ".txt");
            Path err = Files.createTempFile("machine-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(new File("/dev/null"));
            pb.environment().remove("DOCKER_HOST");
            pb.environment().remove("DOCKER_CONTEXT");
            if (env != null) pb.environment().putAll(env);
            Process p = pb.start();
            boolean done = p.waitFor(2, TimeUnit.MINUTES);
            if (!done) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Result r = new Result(done ? p.exitValue() : -1, Files.readString(out), Files.readString(err)
                    + (done ? "" : "\n[timed out: " + argv + "]"));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", e.toString());
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private static void refused(Result r, String message) {
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        assertThat(r.err()).as(r.toString()).contains(message);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static boolean poll(Check check, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (check.holds()) return true;
            Thread.sleep(300);
        }
        return check.holds();
    }

    private static Optional<ProcessHandle> pid(Path file) {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(file).strip())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
