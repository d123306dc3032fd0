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

    @Test
    void ipcNone_ownIpcNamespace_withoutDevShm_andNotJoinable() throws IOException {
        String hostIpc = Files.readSymbolicLink(Path.of("/proc/self/ns/ipc")).toString();
        ok(d.docker("run", "-d", "--name", "noipc", "--ipc", "none", "busybox", "sleep", "300"));
        String seen = ok(d.docker("exec", "noipc", "sh", "-c",
                "busybox readlink /proc/1/ns/ipc; ls -d /dev/shm 2>&1; grep -c ' /dev/shm ' /proc/mounts; true")).out();
        assertThat(seen).doesNotContain(hostIpc).contains("ipc:[").contains("/dev/shm: No such file or directory")
                .endsWith("0\n");
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.IpcMode}}", "noipc")).out().strip()).isEqualTo("none");
        Result join = d.docker("run", "--rm", "--ipc", "container:noipc", "busybox", "true");
        assertThat(join.exitCode()).as(join.toString()).isEqualTo(125);
        assertThat(join.err()).contains("container noipc: non-shareable IPC");
        // a --tmpfs at /dev/shm is the user's own mount, as with dockerd
        assertThat(ok(d.docker("run", "--rm", "--ipc", "none", "--tmpfs", "/dev/shm", "busybox", "sh", "-c",
                "grep -c ' /dev/shm ' /proc/mounts")).out().strip()).isEqualTo("1");
    }

    @Test
    void networkContainer_sharesNetnsAddressHostsDnsAndName_alsoAfterARestart() throws IOException {
        ok(d.docker("run", "-d", "--name", "netdonor", "--add-host", "db:10.9.8.7", "busybox", "sleep", "300"));
        String look = "busybox readlink /proc/1/ns/net; hostname; cat /sys/class/net/eth0/address; cat /etc/hosts; "
                + "cat /etc/resolv.conf";
        String donor = ok(d.docker("exec", "netdonor", "sh", "-c", look)).out();
        assertThat(donor).contains("db").contains("10.9.8.7");
        Result joined = ok(d.docker("run", "--rm", "--network", "container:netdonor", "busybox", "sh", "-c",
                look.replace("/proc/1/", "/proc/self/")));
        assertThat(joined.out()).isEqualTo(donor);
        ok(d.docker("create", "--name", "netjoiner", "--network", "container:netdonor", "busybox", "sleep", "300"));
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.NetworkMode}}", "netjoiner")).out().strip())
                .isEqualTo("container:netdonor");
        Result connect = d.docker("network", "connect", "bridge", "netjoiner");
        assertThat(connect.exitCode()).as(connect.toString()).isNotZero();
        assertThat(connect.err()).contains("container sharing network namespace with another container or host cannot "
                + "be connected to any other network");

        d.restart();
        ok(d.docker("start", "netjoiner"));
        assertThat(ok(d.docker("exec", "netjoiner", "sh", "-c", look)).out()).isEqualTo(donor);
    }

    @Test
    void networkContainer_conflictingOptionsAtCreate_missingOrStoppedDonorAtStart() {
        String[][] conflicts = {
            {"-p", "8080:80", "conflicting options: port publishing and the container type network mode"},
            {"--dns", "1.1.1.1", "conflicting options: dns and the network mode"},
            {"--add-host", "a:1.2.3.4", "conflicting options: custom host-to-IP mapping and the network mode"},
            {"--hostname", "box", "conflicting options: hostname and the network mode"},
            {"--expose", "80", "conflicting options: port exposing and the container type network mode"},
        };
        ok(d.docker("run", "-d", "--name", "netup", "busybox", "sleep", "300"));
        for (String[] c : conflicts) {
            Result r = d.docker("create", "--name", "conflict", "--network", "container:netup", c[0], c[1], "busybox");
            assertThat(r.exitCode()).as("%s: %s", c[0], r).isNotZero();
            assertThat(r.err()).as(c[0]).contains(c[2]);
            assertThat(d.docker("inspect", "conflict").exitCode()).as("%s created nothing", c[0]).isEqualTo(1);
        }
        Result missing = d.docker("run", "--name", "toghost", "--network", "container:ghost", "busybox", "true");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(125);
        assertThat(missing.err()).contains("joining network namespace of container: No such container: ghost");
        ok(d.docker("create", "--name", "netidle", "busybox", "true"));
        Result stopped = d.docker("run", "--network", "container:netidle", "busybox", "true");
        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(125);
        assertThat(stopped.err()).contains("cannot join network namespace of a non running container: container netidle "
                + "is created");
    }

    @Test
    void cgroupns_hostByDefaultOnV1_privateShowsTheRoot_alsoAfterARestart() throws IOException {
        String v1Default = BerthdProcess.run(java.time.Duration.ofSeconds(5), "test", "-e",
                "/sys/fs/cgroup/cgroup.controllers").exitCode() == 0 ? "private" : "host";
        ok(d.docker("run", "-d", "--name", "cghost", "busybox", "sleep", "300"));
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "cghost")).out().strip();
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.CgroupnsMode}}", "cghost")).out().strip())
                .isEqualTo(v1Default);
        if (v1Default.equals("host")) {
            assertThat(ok(d.docker("exec", "cghost", "cat", "/proc/self/cgroup")).out()).contains(id);
        }
        ok(d.docker("create", "--name", "cgpriv", "--cgroupns", "private", "busybox", "sleep", "300"));
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.CgroupnsMode}}", "cgpriv")).out().strip())
                .isEqualTo("private");
        d.restart();
        ok(d.docker("start", "cgpriv"));
        String cgroups = ok(d.docker("exec", "cgpriv", "cat", "/proc/self/cgroup")).out();
        assertThat(cgroups).doesNotContain(ok(d.docker("inspect", "-f", "{{.Id}}", "cgpriv")).out().strip());
        assertThat(cgroups.lines().toList()).isNotEmpty().allMatch(l -> l.endsWith(":/"));
        assertThat(ns("cgpriv", "cgroup")).isNotEqualTo(ns("cghost", "cgroup"));
    }

    @Test
    void cgroupParent_theContainersCgroupUnderIt_statsReadIt_alsoAfterARestart() throws IOException {
        String parent = "berth-ns-it-" + ProcessHandle.current().pid();
        try {
            ok(d.docker("run", "-d", "--name", "cgparent", "--cgroup-parent", "/" + parent, "-m", "64m", "busybox",
                    "sleep", "300"));
            String id = ok(d.docker("inspect", "-f", "{{.Id}}", "cgparent")).out().strip();
            assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.CgroupParent}}", "cgparent")).out().strip())
                    .isEqualTo("/" + parent);
            assertThat(ok(d.docker("exec", "cgparent", "cat", "/proc/1/cgroup")).out()).contains("/" + parent + "/" + id);
            assertThat(ok(d.docker("stats", "--no-stream", "--format", "{{.MemUsage}}", "cgparent")).out())
                    .contains("64MiB");
            ok(d.docker("stop", "-t", "0", "cgparent"));
            d.restart();
            ok(d.docker("start", "cgparent"));
            assertThat(ok(d.docker("exec", "cgparent", "cat", "/proc/1/cgroup")).out()).contains("/" + parent + "/" + id);
            assertThat(ok(d.docker("run", "--rm", "busybox", "cat", "/proc/self/cgroup")).out()).doesNotContain(parent);
        } finally {
            d.removeAllContainers();
            removeCgroup(parent);
        }
    }

    /** The parent cgroup runc made stays when its last container goes, as with dockerd: the test removes it. */
    private static void removeCgroup(String name) throws IOException {
        try (var hierarchies = java.nio.file.Files.list(java.nio.file.Path.of("/sys/fs/cgroup"))) {
            for (var h : hierarchies.toList()) {
                var dir = h.resolve(name);
                if (!java.nio.file.Files.isSymbolicLink(h) && java.nio.file.Files.isDirectory(dir)) {
                    java.nio.file.Files.delete(dir);
                }
            }
        }
        var unified = java.nio.file.Path.of("/sys/fs/cgroup", name);
        assertThat(java.nio.file.Files.exists(unified)).isFalse();
    }

    @Test
    void link_aliasHostnameAndNameInHosts_noLegacyEnv_childMustRun_alsoAfterARestart() throws IOException {
        ok(d.docker("run", "-d", "--name", "linkdb", "--hostname", "dbhost", "busybox", "sleep", "300"));
        String ip = ok(d.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "linkdb")).out().strip();
        assertThat(ip).isNotEmpty();
        Result run = ok(d.docker("run", "--rm", "--link", "linkdb:data", "busybox", "sh", "-c",
                "cat /etc/hosts; env; ping -c 1 -W 2 data >/dev/null && echo reached"));
        assertThat(run.out()).contains(ip + "\tdata dbhost linkdb\n").contains("reached").doesNotContain("DATA_PORT")
                .doesNotContain("DATA_NAME");
        ok(d.docker("create", "--name", "linkweb", "--link", "linkdb", "busybox", "sleep", "300"));
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.Links}}", "linkweb")).out().strip())
                .isEqualTo("[\"/linkdb:/linkweb/linkdb\"]");

        d.restart();
        ok(d.docker("start", "linkweb"));
        assertThat(ok(d.docker("exec", "linkweb", "cat", "/etc/hosts")).out()).contains(ip + "\tlinkdb dbhost\n");
        ok(d.docker("stop", "-t", "0", "linkweb", "linkdb"));
        Result stopped = d.docker("start", "linkweb");
        assertThat(stopped.exitCode()).as(stopped.toString()).isNotZero();
        assertThat(stopped.err()).contains("Cannot link to a non running container: /linkdb AS /linkweb/linkdb");

        Result missing = d.docker("create", "--name", "linkghost", "--link", "ghost:g", "busybox");
        assertThat(missing.exitCode()).as(missing.toString()).isNotZero();
        assertThat(missing.err()).contains("could not get container for ghost: No such container: ghost");
        assertThat(d.docker("inspect", "linkghost").exitCode()).isEqualTo(1);
    }

    @Test
    void macAddress_theVethsMacInside_defaultBridgeAndUserNetwork_alsoAfterARestart() throws IOException {
        String net = "nsmac" + ProcessHandle.current().pid();
        ok(d.docker("network", "create", net));
        try {
            assertThat(ok(d.docker("run", "--rm", "--network", net, "--mac-address", "92:D0:C6:0A:29:33", "busybox",
                    "cat", "/sys/class/net/eth0/address")).out().strip()).isEqualTo("92:d0:c6:0a:29:33");
            ok(d.docker("run", "-d", "--name", "macbr", "--mac-address", "02:42:ac:11:ff:01", "busybox", "sleep", "300"));
            assertThat(ok(d.docker("exec", "macbr", "cat", "/sys/class/net/eth0/address")).out().strip())
                    .isEqualTo("02:42:ac:11:ff:01");
            assertThat(ok(d.docker("inspect", "-f", "{{.NetworkSettings.MacAddress}}", "macbr")).out().strip())
                    .isEqualTo("02:42:ac:11:ff:01");
            ok(d.docker("stop", "-t", "0", "macbr"));
            d.restart();
            ok(d.docker("start", "macbr"));
            assertThat(ok(d.docker("exec", "macbr", "cat", "/sys/class/net/eth0/address")).out().strip())
                    .isEqualTo("02:42:ac:11:ff:01");

            Result host = d.docker("create", "--network", "host", "--mac-address", "02:42:ac:11:ff:02", "busybox", "true");
            assertThat(host.exitCode()).as(host.toString()).isNotZero();
            assertThat(host.err()).contains("conflicting options: mac-address and the network mode");
            String bad = d.http("POST", "/containers/create?name=macbad", "application/json",
                    "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"NetworkingConfig\":{\"EndpointsConfig\":"
                            + "{\"bridge\":{\"MacAddress\":\"92:d0:c6\"}}}}", java.time.Duration.ofSeconds(30));
            assertThat(bad).contains("invalid MAC address 92:d0:c6");
            assertThat(d.docker("inspect", "macbad").exitCode()).isEqualTo(1);
        } finally {
            d.removeAllContainers();
            d.docker("network", "rm", net);
        }
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
