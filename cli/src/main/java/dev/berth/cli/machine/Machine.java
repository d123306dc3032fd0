package dev.berth.cli.machine;

import dev.berth.cli.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** One machine's directory and what can be read from it: its config, its QEMU process, its status. */
final class Machine {
    static final String DISK = "disk.qcow2";
    static final String BERTH_DISK = "berth.ext4";
    static final String QMP = "qmp.sock";
    static final String SOCKET = "berth.sock";
    static final String PID = "qemu.pid";
    static final String SUPERVISOR_PID = "supervisor.pid";
    static final String KEY = "id_ed25519";
    static final String MOUNTS = "mounts";
    static final String RUN = "run.json";

    /** Docker Desktop's and podman machine's words. */
    enum Status { Running, Starting, Stopped }

    final MachineHome home;
    final String name;
    final Path dir;

    Machine(MachineHome home, String name) {
        this.home = home;
        this.name = MachineHome.checkName(name);
        this.dir = home.dir(name);
    }

    boolean exists() {
        return Files.isRegularFile(dir.resolve(MachineConfig.FILE));
    }

    /** The machine, or an IOException saying it does not exist. */
    static Machine existing(MachineHome home, String name) throws IOException {
        Machine m = new Machine(home, name);
        if (!m.exists()) throw new IOException("machine \"" + name + "\" does not exist");
        return m;
    }

    MachineConfig config() throws IOException {
        return MachineConfig.read(dir);
    }

    Path socket() {
        return dir.resolve(SOCKET);
    }

    String context() {
        return "berth-" + name;
    }

    Optional<ProcessHandle> qemu() {
        return pidOf(dir.resolve(PID)).filter(p -> p.info().command().map(c -> c.contains("qemu")).orElse(true));
    }

    Optional<ProcessHandle> supervisor() {
        return pidOf(dir.resolve(SUPERVISOR_PID));
    }

    static Optional<ProcessHandle> pidOf(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    Status status() {
        if (qemu().isEmpty()) return Status.Stopped;
        return ping(socket(), 2000) ? Status.Running : Status.Starting;
    }

    /** The ports QEMU forwards for this run (ssh, the API), written by start. */
    Map<String, Object> run() throws IOException {
        return Json.map(Json.parse(Files.readString(dir.resolve(RUN))));
    }

    int sshPort() throws IOException {
        return (int) Json.num(run(), "SshPort");
    }

    /** True when berthd answers {@code GET /_ping} through {@code socket} within {@code millis}. */
    static boolean ping(Path socket, long millis) {
        if (!Files.exists(socket)) return false;
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
             Selector sel = Selector.open()) {
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: berth\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_READ);
            ByteBuffer buf = ByteBuffer.allocate(4096);
            long deadline = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < deadline) {
                if (sel.select(Math.max(1, deadline - System.currentTimeMillis())) == 0) continue;
                sel.selectedKeys().clear();
                if (ch.read(buf) < 0) break;
                String got = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
                if (got.contains("\r\n\r\n")) return got.startsWith("HTTP/1.") && got.contains(" 200 ") && got.endsWith("OK");
            }
            String got = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
            return got.startsWith("HTTP/1.") && got.contains(" 200 ") && got.endsWith("OK");
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
