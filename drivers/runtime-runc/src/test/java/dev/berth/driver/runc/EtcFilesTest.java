package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ContainerSpec.NetworkMode;
import dev.berth.spi.runtime.ContainerSpec.NetworkSetup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EtcFilesTest {

    private static final String HOST_RESOLV = "# generated\nsearch corp.example\nnameserver 127.0.0.53\nnameserver 10.0.0.2\noptions edns0\n";
    private final EtcFiles files = new EtcFiles("127.0.0.1 localhost\n10.9.9.9 hosty\n", HOST_RESOLV);

    static ContainerSpec spec(NetworkSetup net, String domain) {
        return new ContainerSpec("abc", Path.of("/b"), Path.of("/r"), false, List.of("sh"), List.of(), "/", "",
                "web1", domain, net, List.of(), null, null, Map.of(), Path.of("/b/container.log"));
    }

    static NetworkSetup bridged(List<String> dns, List<String> search, List<String> opts) {
        return new NetworkSetup(NetworkMode.NAMESPACE, Path.of("/run/netns/x"), dns, search, opts,
                List.of("db:10.1.0.5", "v6:fd00::1"), List.of("172.18.0.2"));
    }

    @Test
    void hosts_bridged_localhostExtraHostsThenOwnAddress() {
        String hosts = files.hosts(spec(bridged(List.of(), List.of(), List.of()), ""));
        assertThat(hosts).startsWith("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
                .contains("10.1.0.5\tdb\n", "fd00::1\tv6\n")
                .endsWith("172.18.0.2\tweb1\n");
    }

    @Test
    void hosts_withDomain_fqdnFirst() {
        assertThat(files.hosts(spec(bridged(List.of(), List.of(), List.of()), "example.org")))
                .endsWith("172.18.0.2\tweb1.example.org web1\n");
    }

    @Test
    void hosts_hostNetwork_hostFileContent() {
        assertThat(files.hosts(spec(NetworkSetup.host(), ""))).isEqualTo("127.0.0.1 localhost\n10.9.9.9 hosty\n");
    }

    @Test
    void hosts_hostNetworkWithExtraHosts_dockersOwnFileNotTheHosts() {
        NetworkSetup host = new NetworkSetup(NetworkMode.HOST, null, List.of(), List.of(), List.of(),
                List.of("hosty:10.1.0.7"), List.of());
        assertThat(files.hosts(spec(host, ""))).startsWith("127.0.0.1\tlocalhost\n")
                .doesNotContain("10.9.9.9").doesNotContain("web1").endsWith("10.1.0.7\thosty\n");
    }

    @Test
    void resolvConf_default_hostMinusLoopback() {
        assertThat(files.resolvConf(bridged(List.of(), List.of(), List.of())))
                .isEqualTo("search corp.example\nnameserver 10.0.0.2\noptions edns0\n");
    }

    @Test
    void resolvConf_onlyLoopbackOnHost_googleFallback() {
        EtcFiles stub = new EtcFiles("", "nameserver 127.0.0.53\n");
        assertThat(stub.resolvConf(NetworkSetup.none())).isEqualTo("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
    }

    @Test
    void resolvConf_specDns_replacesServersSearchOptions() {
        assertThat(files.resolvConf(bridged(List.of("1.1.1.1"), List.of("a.test", "b.test"), List.of("ndots:2"))))
                .isEqualTo("search a.test b.test\nnameserver 1.1.1.1\noptions ndots:2\n");
    }

    @Test
    void resolvConf_hostNetwork_hostFileAsIs() {
        assertThat(files.resolvConf(NetworkSetup.host())).isEqualTo(HOST_RESOLV);
    }

    @Test
    void hostname_spec_withNewline() {
        assertThat(files.hostname(spec(NetworkSetup.none(), ""))).isEqualTo("web1\n");
    }
}
