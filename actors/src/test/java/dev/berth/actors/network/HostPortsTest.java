package dev.berth.actors.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which host ports a new binding may take, as dockerd's allocator keeps them per address. */
class HostPortsTest {

    @Test
    void samePortOnTwoHostAddresses_bothTaken_anyAddressThenClashesWithEither() {
        var used = new NetworkAttacher.HostPorts();
        used.add("127.0.0.1", "tcp", 8080);
        assertThat(used.taken("127.0.0.2", "tcp", 8080)).isFalse();
        assertThat(used.taken("127.0.0.1", "udp", 8080)).isFalse();
        assertThat(used.taken("127.0.0.1", "tcp", 8081)).isFalse();
        assertThat(used.taken("127.0.0.1", "tcp", 8080)).isTrue();
        assertThat(used.taken("", "tcp", 8080)).as("no address: every one").isTrue();
        assertThat(used.taken("0.0.0.0", "tcp", 8080)).isTrue();
        // IPv4's and IPv6's are two tables: only an address-less binding spans both
        assertThat(used.taken("::", "tcp", 8080)).isFalse();
        used.add("fd00::1", "tcp", 9090);
        assertThat(used.taken("FD00:0::1", "tcp", 9090)).isTrue();
        assertThat(used.taken("fd00::2", "tcp", 9090)).isFalse();
        assertThat(used.taken("::", "tcp", 9090)).isTrue();
        assertThat(used.taken("0.0.0.0", "tcp", 9090)).isFalse();
        assertThat(used.taken("", "tcp", 9090)).isTrue();
        used.add("", "udp", 53);
        assertThat(used.taken("10.0.0.1", "udp", 53)).isTrue();
        assertThat(used.taken("fd00::9", "udp", 53)).isTrue();
    }
}
