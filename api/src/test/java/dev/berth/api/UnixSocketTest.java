package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnixSocketTest extends ServerFixture {

    @Test
    void ping_overUnixSocket_answersOk() throws Exception {
        try (RawHttp c = RawHttp.unix(socket)) {
            RawHttp.Head head = c.send("GET", "/_ping", null, null).readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(new String(c.readBody(head), StandardCharsets.US_ASCII)).isEqualTo("OK");
        }
    }

    @Test
    void socket_isMode0660_andRemovedOnClose() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
        server.close();
        assertThat(socket).doesNotExist();
    }

    @Test
    void start_replacesStaleSocketFile() throws Exception {
        server.close();
        java.nio.file.Path stale = dir.resolve("stale.sock");
        try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.bind(java.net.UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists();
        try (ApiServer s = new ApiServer(new ApiConfig(List.of("unix://" + stale)), containers, images, system)) {
            s.start();
            try (RawHttp c = RawHttp.unix(stale)) {
                assertThat(c.send("GET", "/_ping", null, null).readHead().status()).isEqualTo(200);
            }
        }
    }
}
