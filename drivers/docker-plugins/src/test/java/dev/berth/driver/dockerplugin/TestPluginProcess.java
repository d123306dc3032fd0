package dev.berth.driver.dockerplugin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The stdlib python plugin of {@code test-plugins/docker-protocol}, started on a socket the test names. */
final class TestPluginProcess implements AutoCloseable {
    static final Path SCRIPT = Path.of("../../test-plugins/docker-protocol/testplugin.py").toAbsolutePath().normalize();

    private final Process process;
    final Path socket;
    /** The HTTPS port of one started by {@link #startTls}; 0 otherwise. */
    final int port;

    private TestPluginProcess(Process process, Path socket, int port) {
        this.process = process;
        this.socket = socket;
        this.port = port;
    }

    /** A volume plugin serving HTTPS on 127.0.0.1 (a free port), requiring a client certificate signed by {@code clientCa}. */
    static TestPluginProcess startTls(Path ready, Path root, Path cert, Path key, Path clientCa)
            throws IOException, InterruptedException {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var pb = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), "https://127.0.0.1:" + port, "volume",
                root.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TP_TLS_CERT", cert.toString());
        pb.environment().put("TP_TLS_KEY", key.toString());
        pb.environment().put("TP_TLS_CLIENT_CA", clientCa.toString());
        pb.environment().put("TP_READY", ready.toString());
        var plugin = new TestPluginProcess(pb.start(), ready, port);
        plugin.await();
        return plugin;
    }

    private void await() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                close();
                throw new IllegalStateException("test plugin did not make " + socket);
            }
            Thread.sleep(20);
        }
    }

    /** Starts it; waits for the socket when {@code await}. */
    static TestPluginProcess start(Path socket, String mode, Path root, boolean await) throws IOException, InterruptedException {
        Files.createDirectories(socket.getParent());
        var cmd = root == null ? List.of("/usr/bin/python3", SCRIPT.toString(), socket.toString(), mode)
                : List.of("/usr/bin/python3", SCRIPT.toString(), socket.toString(), mode, root.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        var plugin = new TestPluginProcess(p, socket, 0);
        if (await) {
            plugin.await();
        }
        return plugin;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor();
        Files.deleteIfExists(socket);
    }
}
