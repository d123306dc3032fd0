package dev.berth.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (CNCF distribution 2.8) on 127.0.0.1, in a temp dir of its own.
 * Only the process this class started is ever stopped. Shared with other modules' tests through
 * this module's test-jar.
 */
public final class DockerRegistryProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");

    final Path dir;
    final int port;
    private final Process process;

    private DockerRegistryProcess(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** @param htpasswdLine a bcrypt {@code user:hash} line, or null for no auth */
    public static DockerRegistryProcess start(String htpasswdLine) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("berth-registry-it");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringBuilder config = new StringBuilder("""
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("data"), port));
        if (htpasswdLine != null) {
            Files.writeString(dir.resolve("htpasswd"), htpasswdLine + "\n");
            config.append("""
                    auth:
                      htpasswd:
                        realm: berth-test
                        path: %s
                    """.formatted(dir.resolve("htpasswd")));
        }
        Files.writeString(dir.resolve("config.yml"), config);
        Process p = new ProcessBuilder(BINARY.toString(), "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        DockerRegistryProcess reg = new DockerRegistryProcess(dir, port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                String log = Files.readString(dir.resolve("registry.log"));
                reg.close();
                throw new IllegalStateException("docker-registry exited: " + log);
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return reg;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        reg.close();
        throw new IllegalStateException("docker-registry did not listen on " + port);
    }

    public String domain() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
