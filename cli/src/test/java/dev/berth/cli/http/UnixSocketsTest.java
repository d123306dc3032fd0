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
 * {@link UnixSockets} as {@code bin/berth} runs it (sun.security.jca exported, as the jar's manifest
 * does): in a JVM of its own, since the saving is in a JDK class's one-time initialisation.
 */
class UnixSocketsTest {
    @TempDir
    Path dir;

    private record Child(int exit, String out) {}

    private Child probe(Path socket, String... more) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/sun.security.jca=ALL-UNNAMED",
                "-Xlog:class+load:file=" + dir.resolve("classes.log"),
                "-cp", System.getProperty("java.class.path"), UnixSocketsProbe.class.getName(), socket.toString()));
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
