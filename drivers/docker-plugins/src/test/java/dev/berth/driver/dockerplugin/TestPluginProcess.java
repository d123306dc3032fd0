package dev.berth.driver.dockerplugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The stdlib python plugin of {@code test-plugins/docker-protocol}, started on a socket the test names. */
final class TestPluginProcess implements AutoCloseable {
    static final Path SCRIPT = Path.of("../../test-plugins/docker-protocol/testplugin.py").toAbsolutePath().normalize();

    private final Process process;
    final Path socket;

    private TestPluginProcess(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts it; waits for the socket when {@code await}. */
    static TestPluginProcess start(Path socket, String mode, Path root, boolean await) throws IOException, InterruptedException {
        Files.createDirectories(socket.getParent());
        var cmd = root == null ? List.of("/usr/bin/python3", SCRIPT.toString(), socket.toString(), mode)
                : List.of("/usr/bin/python3", SCRIPT.toString(), socket.toString(), mode, root.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        var plugin = new TestPluginProcess(p, socket);
        if (await) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.exists(socket)) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    plugin.close();
                    throw new IllegalStateException("test plugin did not make " + socket);
                }
                Thread.sleep(20);
            }
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
