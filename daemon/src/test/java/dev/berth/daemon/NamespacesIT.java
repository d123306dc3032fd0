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

    @Test
    void pidAndIpcContainer_shareTheDonorsNamespacesAndShm_alsoAfterARestart() throws IOException {
        ok(d.docker("run", "-d", "--name", "donor", "--ipc", "shareable", "busybox", "sh", "-c",
                "echo kept > /dev/shm/note; exec sleep 300"));
        String pidNs = ns("donor", "pid");
        String ipcNs = ns("donor", "ipc");
        Result ps = ok(d.docker("run", "--rm", "--pid", "container:donor", "busybox", "ps", "-o", "pid,args"));
        assertThat(ps.out()).contains("sleep 300");
        assertThat(ok(d.docker("run", "--rm", "--pid", "container:donor", "busybox", "busybox", "readlink",
                "/proc/self/ns/pid")).out().strip()).isEqualTo(pidNs);
        Result ipc = ok(d.docker("run", "--rm", "--ipc", "container:donor", "busybox", "sh", "-c",
                "busybox readlink /proc/self/ns/ipc; cat /dev/shm/note"));
        assertThat(ipc.out().lines().toList()).containsExactly(ipcNs, "kept");

        ok(d.docker("create", "--name", "joiner", "--pid", "container:donor", "--ipc", "container:donor", "busybox",
                "sleep", "300"));
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}}", "joiner")).out()
                .strip()).isEqualTo("container:donor container:donor");
        d.restart();
        ok(d.docker("start", "joiner"));
        assertThat(ns("joiner", "pid")).isEqualTo(pidNs);
        assertThat(ns("joiner", "ipc")).isEqualTo(ipcNs);
        assertThat(ok(d.docker("exec", "joiner", "cat", "/dev/shm/note")).out().strip()).isEqualTo("kept");
    }

    @Test
    void pidAndIpcContainer_missingStoppedOrPrivateDonor_dockerdsMessagesAtStart() {
        ok(d.docker("run", "-d", "--name", "private", "busybox", "sleep", "300"));
        ok(d.docker("create", "--name", "idle", "--ipc", "shareable", "busybox", "true"));
        String[][] cases = {
            {"--pid", "container:ghost", "failed to join PID namespace: No such container: ghost"},
            {"--pid", "container:idle", "failed to join PID namespace: container idle is not running"},
            {"--ipc", "container:ghost", "No such container: ghost"},
            {"--ipc", "container:idle", "container idle is not running"},
            {"--ipc", "container:private",
                "container private: non-shareable IPC (hint: use IpcMode:shareable for the donor container)"},
        };
        for (String[] c : cases) {
            Result r = d.docker("run", c[0], c[1], "busybox", "true");
            assertThat(r.exitCode()).as("%s %s: %s", c[0], c[1], r).isEqualTo(125);
            assertThat(r.err()).as(c[1]).contains("Error response from daemon: " + c[2]);
        }
        Result form = d.docker("create", "--pid", "container:", "busybox", "true");
        assertThat(form.exitCode()).as(form.toString()).isNotZero();
    }

    /** {@code readlink /proc/1/ns/TYPE} inside a running container. */
    private String ns(String container, String type) {
        return ok(d.docker("exec", container, "busybox", "readlink", "/proc/1/ns/" + type)).out().strip();
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
