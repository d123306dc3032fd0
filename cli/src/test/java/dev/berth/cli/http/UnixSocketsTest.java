package dev.berth.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UnixSockets} as {@code bin/berth} runs it (sun.security.jca and sun.nio.ch exported, as the jar's
 * manifest does): in a JVM of its own, since the savings are in JDK classes' one-time initialisation.
 */
class UnixSocketsTest {
    @TempDir
    Path dir;

    private record Child(int exit, String out) {}

    private Child probe(Path socket, String... more) throws IOException, InterruptedException {
        return probe(List.of("--add-exports", "java.base/sun.security.jca=ALL-UNNAMED"),
                System.getProperty("java.class.path"), socket, more);
    }

    private Child probe(List<String> exports, String classPath, Path socket, String... more)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(exports);
        cmd.addAll(List.of("-Xlog:class+load:file=" + dir.resolve("classes.log"),
                "-cp", classPath, UnixSocketsProbe.class.getName(), socket.toString()));
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Child(p.exitValue(), out);
    }

    private String received(ServerSocketChannel server) throws IOException {
        try (SocketChannel c = server.accept()) {
            ByteBuffer buf = ByteBuffer.allocate(16);
            while (c.read(buf) > 0) {
                // until the probe closes
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void firstSocket_connectsWithoutLoadingTheSunProvider() throws Exception {
        Path socket = dir.resolve("d.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Child child = probe(socket);
            assertThat(received(server)).isEqualTo("ping");
            assertThat(child.exit()).as(child.out()).isZero();
        }
        String classes = Files.readString(dir.resolve("classes.log"));
        assertThat(classes).contains("sun.nio.ch.UnixDomainSockets ").contains("UnixSockets$LazyRandomProvider ")
                .doesNotContain("sun.security.provider.Sun ");
    }

    /** A class path whose SelectorProvider service fails when made (RefusingSelectorProvider). */
    private String classPathWithARefusingSelectorProvider() throws IOException {
        Path services = Files.createDirectories(dir.resolve("services/META-INF/services"));
        Files.writeString(services.resolve("java.nio.channels.spi.SelectorProvider"),
                RefusingSelectorProvider.class.getName() + "\n");
        return dir.resolve("services") + java.io.File.pathSeparator + System.getProperty("java.class.path");
    }

    @Test
    void withSunNioChExported_theSocketComesFromTheJdkProviderWithoutAServiceLookup() throws Exception {
        Path socket = dir.resolve("d.sock");
        String classPath = classPathWithARefusingSelectorProvider();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Child child = probe(List.of("--add-exports", "java.base/sun.security.jca=ALL-UNNAMED",
                    "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED"), classPath, socket);
            assertThat(received(server)).isEqualTo("ping");
            assertThat(child.exit()).as(child.out()).isZero();
        }
    }

    @Test
    void withoutSunNioChExported_theJdkLooksForSelectorProviderServices() throws Exception {
        // the same class path without the export: the JDK's lookup finds the refusing service and fails the
        // socket, which shows the test above would fail if UnixSockets went through SelectorProvider.provider()
        Path socket = dir.resolve("d.sock");
        String classPath = classPathWithARefusingSelectorProvider();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Child child = probe(List.of("--add-exports", "java.base/sun.security.jca=ALL-UNNAMED"), classPath, socket);
            assertThat(child.exit()).isNotZero();
            assertThat(child.out()).contains("ServiceConfigurationError").contains(RefusingSelectorProvider.class.getName());
        }
    }

    @Test
    void socketBoundToNoAddress_stillGetsARandomName() throws Exception {
        Path socket = dir.resolve("d.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Child child = probe(socket, "bind");
            assertThat(received(server)).isEqualTo("ping");
            assertThat(child.exit()).as(child.out()).isZero();
            assertThat(child.out()).matches("(?s)bound /\\S+socket_\\d+\\s*");
        }
    }
}
