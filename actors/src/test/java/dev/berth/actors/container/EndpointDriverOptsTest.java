package dev.berth.actors.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointDriverOptsTest {
    private static final String IFNAME = "com.docker.network.endpoint.ifname";
    private static final String SYSCTLS = "com.docker.network.endpoint.sysctls";

    @Test
    void ifnameAndSysctls_inDockerdsForms_pass() {
        Map<String, String> opts = Map.of(IFNAME, "front0", SYSCTLS,
                "net.ipv4.conf.IFNAME.forwarding=1,net.ipv6.conf.ifname.disable_ipv6=1,net.mpls.conf.IFNAME.input=1");
        assertThat(EndpointDriverOpts.check(opts)).isEqualTo(opts);
        assertThat(EndpointDriverOpts.check(null)).isEmpty();
    }

    @Test
    void badNamesSysctlsAndOtherKeys_refused() {
        assertThatThrownBy(() -> EndpointDriverOpts.check(Map.of(IFNAME, "a-name-longer-than-15")))
                .hasMessageContaining("invalid interface name 'a-name-longer-than-15'");
        assertThatThrownBy(() -> EndpointDriverOpts.check(Map.of(IFNAME, "lo"))).hasMessageContaining("invalid interface");
        assertThatThrownBy(() -> EndpointDriverOpts.check(Map.of(IFNAME, "a/b"))).hasMessageContaining("invalid interface");
        for (String bad : new String[] {"net.ipv4.conf.eth0.forwarding=1", "net.ipv5.conf.IFNAME.x=1",
                "kernel.x.y.IFNAME.z=1", "net.ipv4.conf.IFNAME.forwarding", "net.ipv4.conf.IFNAME"}) {
            assertThatThrownBy(() -> EndpointDriverOpts.check(Map.of(SYSCTLS, bad)))
                    .hasMessageContaining("unrecognised network interface sysctl '" + bad + "'");
        }
        assertThatThrownBy(() -> EndpointDriverOpts.check(Map.of("com.example.opt", "1")))
                .hasMessageStartingWith("endpoint driver option com.example.opt is not supported by Berth yet");
    }
}
