package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Issue #11's namespace and identity options with the real {@code docker} CLI, each shown from inside the container. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240)
class NamespacesIT {
    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        d = BerthdProcess.start();
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
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
            assertThat(ok(d.docker("ps", "-a", "-q")).out()).as("no container left").isBlank();
        }
    }

    @Test
    void groupAdd_namesFromTheContainersGroupFile_numbersAsGiven_execsToo_afterARestart() throws IOException {
        ok(d.docker("run", "-d", "--name", "groups", "--group-add", "nogroup", "--group-add", "777", "busybox",
                "sleep", "300"));
        assertThat(ok(d.docker("exec", "groups", "id")).out()).contains("777").contains("65534(nogroup)");
        assertThat(ok(d.docker("exec", "groups", "cat", "/proc/1/status")).out())
                .containsPattern("Groups:\\s+777 65534");
        assertThat(ok(d.docker("exec", "-u", "nobody", "groups", "id")).out())
                .startsWith("uid=65534(nobody) gid=65534(nogroup)").contains("777");
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.GroupAdd}}", "groups")).out().strip())
                .isEqualTo("[\"nogroup\",\"777\"]");
        ok(d.docker("create", "--name", "nogroups", "busybox", "true"));
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.GroupAdd}}", "nogroups")).out().strip())
                .isEqualTo("null");

        ok(d.docker("stop", "-t", "0", "groups"));
        d.restart();
        ok(d.docker("start", "groups"));
        assertThat(ok(d.docker("exec", "groups", "id")).out()).contains("777").contains("65534(nogroup)");

        Result unknown = d.docker("run", "--name", "badgroup", "--group-add", "nosuch", "busybox", "true");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(125);
        assertThat(unknown.err()).contains("Unable to find group nosuch: no matching entries in group file");
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
