package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What a container sees of the host, as with dockerd: its name and /etc files under {@code --network
 * host}, and {@code --add-host NAME:host-gateway}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180)
class HostNetworkIT {
    private BerthdProcess d;
    private String hostname;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        d = BerthdProcess.start();
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
        hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    @AfterEach
    void removeContainers() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
        }
    }

    @Test
    void hostNetwork_noHostname_theHostsNameEverywhere_andTheHostsHostsFile() throws IOException {
        Result r = ok(d.docker("run", "--rm", "--network", "host", "busybox", "sh", "-c",
                "hostname; cat /etc/hostname; echo $HOSTNAME"));
        assertThat(r.out()).isEqualTo(hostname + "\n" + hostname + "\n" + hostname + "\n");
        Result hosts = ok(d.docker("run", "--rm", "--network", "host", "busybox", "cat", "/etc/hosts"));
        assertThat(hosts.out()).isEqualTo(Files.readString(Path.of("/etc/hosts")));
        ok(d.docker("create", "--name", "named-as-host", "--network", "host", "busybox", "true"));
        assertThat(ok(d.docker("inspect", "-f", "{{.Config.Hostname}}", "named-as-host")).out().strip())
                .isEqualTo(hostname);
    }

    @Test
    void hostNetwork_withHostnameFlag_onlyTheContainersNameChanges() throws IOException {
        Result r = ok(d.docker("run", "--rm", "--network", "host", "-h", "inner", "busybox", "sh", "-c",
                "hostname; cat /etc/hostname"));
        assertThat(r.out()).isEqualTo("inner\ninner\n");
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).as("the host keeps its name")
                .isEqualTo(hostname);
    }

    @Test
    void hostNetwork_withAddHost_dockersOwnHostsFileNotTheHosts() {
        Result hosts = ok(d.docker("run", "--rm", "--network", "host", "--add-host", "db.test:10.1.2.3", "busybox",
                "cat", "/etc/hosts"));
        assertThat(hosts.out()).startsWith("127.0.0.1\tlocalhost\n").endsWith("10.1.2.3\tdb.test\n")
                .doesNotContain(hostname);
    }

    @Test
    void addHost_hostGateway_isTheDefaultBridgesGateway_andReachable() {
        String gateway = ok(d.docker("network", "inspect", "bridge", "-f", "{{(index .IPAM.Config 0).Gateway}}"))
                .out().strip();
        Result r = ok(d.docker("run", "--rm", "--add-host", "host.docker.internal:host-gateway", "busybox", "sh", "-c",
                "grep host.docker.internal /etc/hosts; busybox ping -c1 -W2 host.docker.internal"));
        assertThat(r.out()).startsWith(gateway + "\thost.docker.internal\n").contains("1 packets received");
        Result onHost = ok(d.docker("run", "--rm", "--network", "host", "--add-host", "gw:host-gateway", "busybox",
                "cat", "/etc/hosts"));
        assertThat(onHost.out()).endsWith(gateway + "\tgw\n");
    }

    @Test
    void addHost_hostGateway_daemonJsonHostGatewayIp_wins() throws IOException {
        try (BerthdProcess own = BerthdProcess.start("{\"host-gateway-ip\": \"192.0.2.10\"}")) {
            ok(own.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
            Result r = ok(own.docker("run", "--rm", "--add-host", "gw:host-gateway", "busybox", "cat", "/etc/hosts"));
            assertThat(r.out()).contains("\n192.0.2.10\tgw\n").doesNotContain("host-gateway");
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }
}
