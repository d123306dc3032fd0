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

/** What a container sees of the host, as with dockerd: its name and /etc files under {@code --network host}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180)
class HostNetworkIT {
    private BerthdProcess d;
    private String hostname;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.assumeEnvironment();
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

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }
}
