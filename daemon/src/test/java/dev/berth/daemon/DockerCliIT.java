package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.TreeSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #2, as a user types it: the real {@code docker} CLI against a berthd this class starts.
 * Most tests share one daemon (every test removes its containers afterwards); the info, restart,
 * crash and side-by-side tests get their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180)
class DockerCliIT {

    private BerthdProcess d;
    private Path tar;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        tar = BerthdProcess.busyboxTar();
        d = BerthdProcess.start();
        ok(d.docker("import", tar.toString(), "busybox"));
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
            assertThat(d.ping()).as("daemon still serves after the test").isTrue();
            assertThat(lines(d.docker("ps", "-a", "-q"))).as("no container left").isEmpty();
        }
    }

    // ------------------------------------------------------------------ system

    @Test
    void versionShowsApiRange() {
        Result r = ok(d.docker("version"));
        assertThat(r.out()).contains("API version:      1.50 (minimum version 1.24)");
    }

    @Test
    void infoShowsRootsAndCounts() throws IOException {
        try (BerthdProcess own = BerthdProcess.start()) {
            ok(own.docker("import", tar.toString(), "busybox"));
            ok(own.docker("run", "-d", "--name", "up", "busybox", "sleep", "300"));
            ok(own.docker("run", "--name", "done", "busybox", "true"));
            Result info = ok(own.docker("info"));
            assertThat(info.out())
                    .contains("Docker Root Dir: " + own.dataRoot())
                    .containsPattern("Cgroup Version: [12]")
                    .contains(" Containers: 2\n", "  Running: 1\n", "  Stopped: 1\n", " Images: 1\n");
            Result f = ok(own.docker("info", "-f",
                    "{{.Containers}} {{.ContainersRunning}} {{.ContainersStopped}} {{.Images}} {{.DockerRootDir}}"));
            assertThat(f.out().strip()).isEqualTo("2 1 1 1 " + own.dataRoot());
        }
    }

    // ------------------------------------------------------------------ images

    /** moby's directory.Size over the tar unpacked by GNU tar: what `docker images` shows for a one-layer import. */
    private static long dockerdLayerSize(java.nio.file.Path tar) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("layer-size-");
            try {
                ok(BerthdProcess.run(java.time.Duration.ofSeconds(60), "tar", "-xf", tar.toString(), "-C", dir.toString()));
                java.util.Set<Object> inodes = new java.util.HashSet<>();
                long size = 0;
                try (var walk = java.nio.file.Files.walk(dir)) {
                    for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) walk::iterator) {
                        var a = java.nio.file.Files.readAttributes(p, "unix:size,ino,isDirectory",
                                java.nio.file.LinkOption.NOFOLLOW_LINKS);
                        long s = (Long) a.get("size");
                        if (!(Boolean) a.get("isDirectory") && s > 0 && inodes.add(a.get("ino"))) {
                            size += s;
                        }
                    }
                }
                return size;
            } finally {
                BerthdProcess.run(java.time.Duration.ofSeconds(60), "rm", "-rf", dir.toString());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void importFromFileAndStdinWithChanges() {
        Result fromFile = ok(d.docker("import", "--change", "CMD [\"sh\"]", "--change", "ENV FOO=bar",
                "--change", "WORKDIR /tmp", tar.toString(), "imp:file"));
        assertThat(fromFile.out()).as("the image id, once, as docker prints it").matches("sha256:[0-9a-f]{64}\\n");
        Result fromStdin = ok(d.dockerStdin(tar, "import", "--change", "ENV FOO=stdin", "-", "imp:stdin"));
        assertThat(fromStdin.out()).startsWith("sha256:");
        try {
            Result images = ok(d.docker("images"));
            assertThat(images.out().lines().findFirst().orElseThrow())
                    .containsPattern("REPOSITORY\\s+TAG\\s+IMAGE ID\\s+CREATED\\s+SIZE");
            assertThat(images.out()).containsPattern("(?m)^imp\\s+file\\s+[0-9a-f]{12}\\s")
                    .containsPattern("(?m)^imp\\s+stdin\\s+[0-9a-f]{12}\\s");
            assertThat(ok(d.docker("images", "--format", "{{.Repository}}:{{.Tag}}", "imp")).out().lines())
                    .containsExactlyInAnyOrder("imp:file", "imp:stdin");

            Result inspect = ok(d.docker("image", "inspect", "-f",
                    "{{json .Config.Cmd}}|{{json .Config.Env}}|{{.Config.WorkingDir}}", "imp:file"));
            assertThat(inspect.out().strip()).isEqualTo("[\"sh\"]|[\"FOO=bar\"]|/tmp");
            assertThat(ok(d.docker("image", "inspect", "-f", "{{json .Config.Env}}", "imp:stdin")).out())
                    .contains("FOO=stdin");
            // Size as dockerd's overlay2 counts a layer: the tree unpacked, lstat sizes of all but directories,
            // a hard-linked file once (busybox's applets are ~400 symlinks: their targets' lengths count)
            assertThat(ok(d.docker("image", "inspect", "-f", "{{.Size}}", "imp:file")).out().strip())
                    .isEqualTo(Long.toString(dockerdLayerSize(tar)));

            // the image's CMD, ENV and WORKDIR apply to a container
            Result run = ok(d.docker("run", "--rm", "imp:file", "sh", "-c", "echo $FOO; pwd"));
            assertThat(run.out()).isEqualTo("bar\n/tmp\n");

            java.time.Instant importedTag = lastTagTime("imp:file");
            ok(d.docker("tag", "imp:file", "imp:other"));
            // dockerd's Metadata.LastTagTime: when a tag was last put on the image
            assertThat(lastTagTime("imp:other")).isAfter(importedTag)
                    .isAfter(java.time.Instant.now().minusSeconds(60));
            String idFile = ok(d.docker("image", "inspect", "-f", "{{.Id}}", "imp:file")).out().strip();
            String idOther = ok(d.docker("image", "inspect", "-f", "{{.Id}}", "imp:other")).out().strip();
            assertThat(idOther).isEqualTo(idFile);
            assertThat(ok(d.docker("images", "--format", "{{.Repository}}:{{.Tag}}", "imp")).out().lines())
                    .contains("imp:other");
        } finally {
            d.docker("rmi", "imp:file", "imp:other", "imp:stdin");
        }
        assertThat(ok(d.docker("images", "-q", "imp")).out()).isBlank();

        // an image no tag names: Go's zero time, as dockerd shows it
        String untagged = ok(d.docker("import", tar.toString())).out().strip();
        try {
            assertThat(ok(d.docker("image", "inspect", "-f", "{{.Metadata.LastTagTime}}", untagged)).out().strip())
                    .isEqualTo("0001-01-01 00:00:00 +0000 UTC");
        } finally {
            d.docker("rmi", untagged);
        }
    }

    private java.time.Instant lastTagTime(String image) {
        String json = ok(d.docker("image", "inspect", "-f", "{{json .Metadata.LastTagTime}}", image)).out().strip();
        return java.time.Instant.parse(json.substring(1, json.length() - 1));
    }

    @Test
    void rmiIsRefusedWhileAContainerUsesTheImage() {
        ok(d.docker("import", "--change", "ENV RMI=1", tar.toString(), "rmitest"));
        ok(d.docker("create", "--name", "rmiuser", "rmitest", "true"));
        Result refused = d.docker("rmi", "rmitest");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("conflict: unable to");
        assertThat(ok(d.docker("images", "-q", "rmitest")).out()).isNotBlank();
        ok(d.docker("rm", "rmiuser"));
        Result removed = ok(d.docker("rmi", "rmitest"));
        assertThat(removed.out()).contains("Untagged: rmitest:latest").contains("Deleted: sha256:");
        assertThat(d.docker("image", "inspect", "rmitest").err()).contains("No such image");
    }

    @Test
    void imageErrors() {
        Result r = d.docker("image", "inspect", "nosuchimage");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("No such image");
        Result rmi = d.docker("rmi", "nosuchimage");
        assertThat(rmi.exitCode()).isEqualTo(1);
        assertThat(rmi.err()).contains("No such image");
    }

    // ------------------------------------------------------------------ run

    @Test
    void runRmEchoesAndLeavesNothing() {
        Result r = ok(d.docker("run", "--rm", "busybox", "echo", "hi"));
        assertThat(r.out()).isEqualTo("hi\n");
        assertThat(lines(d.docker("ps", "-a", "-q"))).isEmpty();
    }

    @Test
    void runExitCodesAndStreams() {
        assertThat(d.docker("run", "busybox", "sh", "-c", "exit 3").exitCode()).isEqualTo(3);
        Result streams = d.docker("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2");
        assertThat(streams.exitCode()).isZero();
        assertThat(streams.out()).isEqualTo("out\n");
        assertThat(streams.err()).contains("err\n").doesNotContain("out");
        Result missing = d.docker("run", "--rm", "busybox", "nonexistent-cmd");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(127);
        assertThat(missing.err()).contains("nonexistent-cmd");
        Result directory = d.docker("run", "--name", "not-executable", "busybox", "/etc");
        assertThat(directory.exitCode()).as(directory.toString()).isEqualTo(126);
        assertThat(ok(d.docker("inspect", "-f", "{{.State.ExitCode}}", "not-executable")).out().strip()).isEqualTo("126");
        Result file = d.docker("run", "--rm", "busybox", "/etc/passwd");
        assertThat(file.exitCode()).as(file.toString()).isEqualTo(126);
        ok(d.docker("rm", "not-executable"));
    }

    @Test
    void runConfig() {
        assertThat(ok(d.docker("run", "--rm", "-e", "A=b", "busybox", "sh", "-c", "echo $A")).out()).isEqualTo("b\n");
        assertThat(ok(d.docker("run", "--rm", "-e", "A=b", "busybox", "env")).out()).contains("A=b\n");
        assertThat(ok(d.docker("run", "--rm", "-w", "/etc", "busybox", "pwd")).out()).isEqualTo("/etc\n");
        assertThat(ok(d.docker("run", "--rm", "-u", "nobody", "busybox", "id", "-u")).out()).isEqualTo("65534\n");
        assertThat(ok(d.docker("run", "--rm", "-h", "myhost", "busybox", "hostname")).out()).isEqualTo("myhost\n");

        Result ro = d.docker("run", "--rm", "--read-only", "busybox", "touch", "/x");
        assertThat(ro.exitCode()).isNotZero();
        assertThat(ro.err()).contains("Read-only file system");
        ok(d.docker("run", "--rm", "--read-only", "--tmpfs", "/scratch", "busybox", "touch", "/scratch/x"));
        ok(d.docker("run", "--rm", "--tmpfs", "/scratch", "busybox", "sh", "-c", "echo x > /scratch/f && cat /scratch/f"));

        ok(d.docker("run", "--name", "mem", "-m", "32m", "busybox", "true"));
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.Memory}}", "mem")).out().strip())
                .isEqualTo("33554432");
    }

    @Test
    void runNetworkModes() throws IOException {
        assertThat(ok(d.docker("run", "--rm", "--network", "none", "busybox", "ls", "/sys/class/net")).out().lines())
                .containsExactly("lo");
        // The container is in the host's network namespace itself: the same namespace inode as this
        // JVM's, so it sees the host's devices (lo and the daemon's bridge among them). Comparing device
        // lists instead races with the other daemons of the suite, which add and remove veths meanwhile.
        String hostNs = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        Result host = ok(d.docker("run", "--rm", "--network", "host", "busybox",
                "sh", "-c", "busybox readlink /proc/self/ns/net; ls /sys/class/net"));
        List<String> out = host.out().lines().toList();
        assertThat(out.get(0)).isEqualTo(hostNs);
        assertThat(out.subList(1, out.size())).contains("lo", d.bridgeName());
        assertThat(hostInterfaces()).contains(d.bridgeName());
    }

    private static Set<String> hostInterfaces() throws IOException {
        try (var s = Files.list(Path.of("/sys/class/net"))) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    // ------------------------------------------------------------------ containers

    @Test
    void createStartStopWait() {
        String id = ok(d.docker("create", "--name", "cs", "busybox", "sleep", "300")).out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(state("cs")).isEqualTo("created 0");
        ok(d.docker("start", "cs"));
        assertThat(state("cs")).isEqualTo("running 0");
        assertThat(ok(d.docker("ps", "--format", "{{.Names}} {{.Status}}")).out()).contains("cs Up");

        // sleep as PID 1 ignores SIGTERM: killed after the timeout
        long t0 = System.nanoTime();
        ok(d.docker("stop", "-t", "1", "cs"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(state("cs")).isEqualTo("exited 137");
        String times = ok(d.docker("inspect", "-f", "{{.State.StartedAt}}|{{.State.FinishedAt}}", "cs")).out().strip();
        String[] t = times.split("\\|");
        assertThat(Instant.parse(t[0])).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(Instant.parse(t[1])).isAfterOrEqualTo(Instant.parse(t[0]));
        assertThat(ok(d.docker("wait", "cs")).out().strip()).isEqualTo("137");

        // a process that handles SIGTERM stops quickly with its own code
        ok(d.docker("run", "-d", "--name", "trap", "busybox", "sh", "-c",
                "trap \"exit 0\" TERM; while true; do sleep 1; done"));
        BerthdProcess.sleep(500);
        t0 = System.nanoTime();
        ok(d.docker("stop", "trap"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(state("trap")).isEqualTo("exited 0");

        ok(d.docker("run", "-d", "--name", "w3", "busybox", "sh", "-c", "sleep 1; exit 3"));
        assertThat(ok(d.docker("wait", "w3")).out().strip()).isEqualTo("3");
    }

    @Test
    void killRestartRenameRemove() {
        ok(d.docker("run", "-d", "--name", "k1", "busybox", "sh", "-c",
                "trap \"echo got usr1\" USR1; while true; do sleep 1; done"));
        BerthdProcess.sleep(500);
        ok(d.docker("kill", "-s", "USR1", "k1"));
        waitFor(() -> d.docker("logs", "k1").out().contains("got usr1"), "USR1 trap ran");
        assertThat(state("k1")).isEqualTo("running 0");
        ok(d.docker("kill", "-s", "KILL", "k1"));
        waitFor(() -> state("k1").equals("exited 137"), "k1 exited 137 after kill -s KILL");

        ok(d.docker("restart", "-t", "1", "k1"));
        assertThat(state("k1")).isEqualTo("running 0");
        String pid1 = ok(d.docker("inspect", "-f", "{{.State.Pid}}", "k1")).out().strip();
        ok(d.docker("restart", "-t", "1", "k1"));
        assertThat(state("k1")).isEqualTo("running 0");
        assertThat(ok(d.docker("inspect", "-f", "{{.State.Pid}}", "k1")).out().strip()).isNotEqualTo(pid1);

        ok(d.docker("rename", "k1", "k2"));
        assertThat(ok(d.docker("ps", "--format", "{{.Names}}")).out().lines()).containsExactly("k2");
        assertThat(d.docker("inspect", "k1").exitCode()).isEqualTo(1);

        Result refused = d.docker("rm", "k2");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("container is running");
        assertThat(ok(d.docker("rm", "-f", "k2")).out().strip()).isEqualTo("k2");
        assertThat(lines(d.docker("ps", "-a", "-q"))).isEmpty();

        ok(d.docker("create", "--name", "plain", "busybox", "true"));
        assertThat(ok(d.docker("rm", "plain")).out().strip()).isEqualTo("plain");
    }

    @Test
    void psFilters() {
        assertThat(d.docker("run", "--name", "pf-a", "--label", "t=ps", "--label", "role=a", "busybox", "sh", "-c",
                "exit 3").exitCode()).isEqualTo(3);
        ok(d.docker("run", "--name", "pf-b", "--label", "t=ps", "busybox", "true"));
        ok(d.docker("run", "-d", "--name", "pf-c", "--label", "t=ps", "busybox", "sleep", "300"));

        assertThat(names("ps", "-a", "-f", "name=pf-a")).containsExactly("pf-a");
        assertThat(names("ps", "-a", "-f", "label=role=a")).containsExactly("pf-a");
        assertThat(names("ps", "-a", "-f", "label=t=ps")).containsExactlyInAnyOrder("pf-a", "pf-b", "pf-c");
        assertThat(names("ps", "-a", "-f", "status=exited")).containsExactlyInAnyOrder("pf-a", "pf-b");
        assertThat(names("ps", "-a", "-f", "status=running")).containsExactly("pf-c");
        assertThat(names("ps")).containsExactly("pf-c");
        assertThat(names("ps", "-a", "-f", "ancestor=busybox")).containsExactlyInAnyOrder("pf-a", "pf-b", "pf-c");
        assertThat(names("ps", "-a", "-f", "exited=3")).containsExactly("pf-a");
        assertThat(names("ps", "-a", "-n", "1")).containsExactly("pf-c");

        List<String> q = lines(ok(d.docker("ps", "-a", "-q")));
        assertThat(q).hasSize(3).allMatch(s -> s.matches("[0-9a-f]{12}"));

        assertThat(ok(d.docker("ps", "-a", "-f", "name=pf-a", "--format", "{{.Names}} {{.Status}}")).out().strip())
                .startsWith("pf-a Exited (3) ");
        String json = ok(d.docker("ps", "-a", "-f", "name=pf-c", "--format", "{{json .}}")).out().strip();
        assertThat(json).startsWith("{").endsWith("}")
                .contains("\"Names\":\"pf-c\"", "\"Image\":\"busybox\"", "\"State\":\"running\"");

        Result table = ok(d.docker("ps", "-a"));
        assertThat(table.out().lines().findFirst().orElseThrow())
                .containsPattern("CONTAINER ID\\s+IMAGE\\s+COMMAND\\s+CREATED\\s+STATUS\\s+PORTS\\s+NAMES");
    }

    @Test
    void psFilters_networkVolumePortsTaskAndIsolation() {
        ok(d.docker("network", "create", "pf-net"));
        ok(d.docker("volume", "create", "pf-vol"));
        try {
            ok(d.docker("run", "-d", "--name", "pf-web", "--network", "pf-net", "-v", "pf-vol:/data", "-p",
                    "127.0.0.1::80", "--expose", "9000", "busybox", "sleep", "300"));
            ok(d.docker("create", "--name", "pf-made", "--network", "pf-net", "-v", tar.getParent() + ":/host",
                    "busybox", "true"));
            ok(d.docker("run", "-d", "--name", "pf-plain", "busybox", "sleep", "300"));
            String hostPort = ok(d.docker("port", "pf-web", "80/tcp")).out().strip().replaceAll(".*:", "");

            assertThat(names("ps", "-a", "-f", "network=pf-net")).containsExactlyInAnyOrder("pf-web", "pf-made");
            assertThat(names("ps", "-f", "network=pf-net")).containsExactly("pf-web");
            assertThat(names("ps", "-a", "-f", "network=bridge")).containsExactly("pf-plain");
            String netId = ok(d.docker("network", "inspect", "-f", "{{.Id}}", "pf-net")).out().strip();
            assertThat(names("ps", "-f", "network=" + netId.substring(0, 8))).containsExactly("pf-web");
            assertThat(names("ps", "-a", "-f", "volume=pf-vol")).containsExactly("pf-web");
            assertThat(names("ps", "-a", "-f", "volume=/data")).containsExactly("pf-web");
            assertThat(names("ps", "-a", "-f", "volume=" + tar.getParent())).containsExactly("pf-made");
            assertThat(names("ps", "-a", "-f", "volume=/host")).containsExactly("pf-made");
            assertThat(names("ps", "-f", "publish=" + hostPort)).containsExactly("pf-web");
            assertThat(names("ps", "-f", "publish=" + hostPort + "/udp")).isEmpty();
            assertThat(names("ps", "-f", "expose=80")).containsExactly("pf-web");
            assertThat(names("ps", "-f", "expose=8990-9010/tcp")).containsExactly("pf-web");
            assertThat(names("ps", "-f", "expose=81")).isEmpty();
            assertThat(names("ps", "-a", "-f", "is-task=false")).hasSize(3);
            assertThat(names("ps", "-a", "-f", "is-task=true")).isEmpty();
            assertThat(names("ps", "-a", "-f", "isolation=default")).hasSize(3);
            assertThat(names("ps", "-a", "-f", "isolation=hyperv")).isEmpty();

            assertThat(d.docker("ps", "-f", "publish=80:80").err())
                    .contains("filter for 'publish' should not contain ':': 80:80");
            assertThat(d.docker("ps", "-f", "is-task=maybe").err()).contains("invalid filter 'is-task=[maybe]'");
        } finally {
            d.removeAllContainers();
            d.docker("network", "rm", "pf-net");
            d.docker("volume", "rm", "pf-vol");
        }
    }

    @Test
    void emptyEntrypoint_runsTheCommandAlone() {
        assertThat(ok(d.docker("run", "--rm", "--entrypoint", "", "busybox", "echo", "plain")).out().strip())
                .isEqualTo("plain");
        Result nothing = d.docker("run", "--rm", "--entrypoint", "", "busybox");
        assertThat(nothing.exitCode()).isEqualTo(125);
        assertThat(nothing.err()).contains("no command specified");
    }

    @Test
    void logs() {
        ok(d.docker("run", "--name", "lg", "busybox", "sh", "-c", "echo one; echo two; echo three"));
        assertThat(ok(d.docker("logs", "lg")).out()).isEqualTo("one\ntwo\nthree\n");
        assertThat(ok(d.docker("logs", "--tail", "2", "lg")).out()).isEqualTo("two\nthree\n");
        List<String> stamped = ok(d.docker("logs", "-t", "lg")).out().lines().toList();
        assertThat(stamped).hasSize(3);
        assertThat(stamped.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z one");

        // -f follows until the container exits
        ok(d.docker("run", "-d", "--name", "lf", "busybox", "sh", "-c", "echo a; sleep 2; echo b"));
        Result follow = d.docker(Duration.ofSeconds(30), null, "logs", "-f", "lf");
        assertThat(follow.exitCode()).as(follow.toString()).isZero();
        assertThat(follow.out()).isEqualTo("a\nb\n");

        // --since
        ok(d.docker("run", "-d", "--name", "ls", "busybox", "sh", "-c", "echo early; sleep 3; echo late"));
        BerthdProcess.sleep(1500);
        Instant since = Instant.now();
        ok(d.docker("wait", "ls"));
        String sinceArg = since.getEpochSecond() + "." + String.format("%09d", since.getNano());
        assertThat(ok(d.docker("logs", "--since", sinceArg, "ls")).out()).isEqualTo("late\n");
        assertThat(ok(d.docker("logs", "--since", "1h", "ls")).out()).isEqualTo("early\nlate\n");
    }

    @Test
    void namesAreUniqueAndIdPrefixesResolve() {
        String id = ok(d.docker("run", "-d", "--name", "web", "busybox", "sleep", "300")).out().strip();
        Result dup = d.docker("run", "-d", "--name", "web", "busybox", "sleep", "300");
        assertThat(dup.exitCode()).isEqualTo(125);
        assertThat(dup.err()).contains("Conflict. The container name \"/web\" is already in use");
        assertThat(lines(d.docker("ps", "-a", "-q"))).hasSize(1);

        assertThat(ok(d.docker("inspect", "-f", "{{.Name}}", id.substring(0, 6))).out().strip()).isEqualTo("/web");
        assertThat(ok(d.docker("inspect", "-f", "{{.Id}}", "web")).out().strip()).isEqualTo(id);
    }

    @Test
    void prune() {
        ok(d.docker("run", "--name", "p1", "busybox", "true"));
        ok(d.docker("run", "--name", "p2", "busybox", "true"));
        ok(d.docker("run", "-d", "--name", "p3", "busybox", "sleep", "300"));
        Result r = ok(d.docker("container", "prune", "-f"));
        assertThat(r.out()).contains("Deleted Containers:").contains("Total reclaimed space:");
        assertThat(names("ps", "-a")).containsExactly("p3");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badInputIsRejectedAndLeavesNothing() throws IOException {
        for (String bad : List.of("a b", "_x")) {
            Result r = d.docker("run", "--name", bad, "busybox", "true");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
            assertThat(r.err()).contains("Invalid container name");
        }
        Result upper = d.docker("run", "UPPER:case");
        assertThat(upper.exitCode()).isEqualTo(125);
        assertThat(upper.err()).contains("invalid reference format");

        Result unknown = d.docker("run", "--rm", "nosuchimage");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).containsAnyOf("Unable to find image", "No such image");
        Result created = d.docker("create", "nosuchimage");
        assertThat(created.exitCode()).isNotZero();

        Result mem = d.docker("run", "-m", "1k", "busybox", "true");
        assertThat(mem.exitCode()).isEqualTo(125);
        assertThat(mem.err()).contains("Minimum memory limit allowed is 6MB");

        String resp = d.http("POST", "/containers/create", "application/json", "{bad", Duration.ofSeconds(10));
        assertThat(resp).startsWith("HTTP/1.1 400");
        String resp2 = d.http("POST", "/v1.50/containers/create?name=rawjson", "application/json", "[1,2",
                Duration.ofSeconds(10));
        assertThat(resp2).startsWith("HTTP/1.1 400");

        for (String[] cmd : List.of(new String[] {"logs", "nosuch"}, new String[] {"start", "nosuch"},
                new String[] {"stop", "nosuch"}, new String[] {"rm", "nosuch"}, new String[] {"container", "inspect", "nosuch"})) {
            Result r = d.docker(cmd);
            assertThat(r.exitCode()).as(String.join(" ", cmd)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", cmd)).contains("No such container");
        }

        assertThat(d.ping()).isTrue();
        assertThat(lines(d.docker("ps", "-a", "-q"))).isEmpty();
        assertThat(Files.exists(d.dataRoot().resolve("containers"))
                ? Files.list(d.dataRoot().resolve("containers")).count() : 0L).isZero();
        assertThat(ok(d.docker("run", "--rm", "busybox", "echo", "still ok")).out()).isEqualTo("still ok\n");
    }

    @Test
    void badHostConfigIsA400AtCreateAndLeavesNothing() throws IOException {
        // Sent raw: the docker CLI validates some of these itself before the daemon sees them.
        for (String[] bad : List.of(
                new String[] {"{\"Binds\":[\"bad/name:/x\"]}",
                        "create bad/name: \\\"bad/name\\\" includes invalid characters for a local volume name"},
                new String[] {"{\"Binds\":[\"/tmp:/x:readonly\"]}", "invalid mode: readonly"},
                new String[] {"{\"PortBindings\":{\"eighty/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"\"}]}}",
                        "invalid port specification: \\\"eighty\\\""},
                new String[] {"{\"Tmpfs\":{\"/run\":\"bogus\"}}", "invalid tmpfs option [\\\"bogus\\\"]"},
                new String[] {"{\"RestartPolicy\":{\"Name\":\"sometimes\"}}", "unknown policy 'sometimes'"})) {
            String resp = d.http("POST", "/v1.50/containers/create?name=typed", "application/json",
                    "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":" + bad[0] + "}", Duration.ofSeconds(10));
            assertThat(resp).as(bad[0]).startsWith("HTTP/1.1 400").contains(bad[1]);
        }
        String empty = d.http("POST", "/v1.50/containers/create?name=typed", "application/json", "null",
                Duration.ofSeconds(10));
        assertThat(empty).startsWith("HTTP/1.1 400").contains("config cannot be empty in order to create a container");
        // The CLI passes -v name:/path through; the daemon refuses a bad name at create, not at start.
        Result volume = d.docker("run", "--name", "typed", "-v", "bad/name:/x", "busybox", "true");
        assertThat(volume.exitCode()).as(volume.toString()).isEqualTo(125);
        assertThat(volume.err()).contains("includes invalid characters for a local volume name");
        assertThat(lines(d.docker("volume", "ls", "-q"))).isEmpty();
        Result retries = d.docker("create", "--name", "typed", "--restart", "always:3", "busybox", "true");
        assertThat(retries.exitCode()).as(retries.toString()).isEqualTo(1);
        assertThat(retries.err()).contains("maximum retry count can only be used with 'on-failure'");

        assertThat(lines(d.docker("ps", "-a", "-q"))).isEmpty();
        assertThat(Files.exists(d.dataRoot().resolve("containers"))
                ? Files.list(d.dataRoot().resolve("containers")).count() : 0L).isZero();
        // Nothing reserved the name either.
        ok(d.docker("create", "--name", "typed", "busybox", "true"));
    }

    @Test
    void bindsTmpfsAndRestartPolicy_workAndInspectAsGiven() throws IOException {
        Path host = Files.createTempDirectory("berth-bind-");
        try {
            Files.writeString(host.resolve("in.txt"), "from the host\n");
            String ro = host + ":/data:ro";
            assertThat(ok(d.docker("run", "--rm", "-v", ro, "busybox", "cat", "/data/in.txt")).out())
                    .isEqualTo("from the host\n");
            Result write = d.docker("run", "--rm", "-v", ro, "busybox", "touch", "/data/x");
            assertThat(write.exitCode()).isNotZero();
            assertThat(write.err()).contains("Read-only file system");
            ok(d.docker("run", "--rm", "-v", host + ":/data:rw,z", "busybox", "sh", "-c", "echo back > /data/out.txt"));
            assertThat(Files.readString(host.resolve("out.txt"))).isEqualTo("back\n");

            ok(d.docker("create", "--name", "given", "-v", ro, "-v", host + ":/w:Z,rslave", "--tmpfs", "/scratch:size=1m,noexec",
                    "--restart", "on-failure:2", "-p", "127.0.0.1:18441:80", "-p", "53/udp", "busybox", "sh", "-c",
                    "df -k /scratch | tail -1"));
            // The CLI sends -v in no fixed order; each as given.
            assertThat(lines(ok(d.docker("inspect", "-f", "{{range .HostConfig.Binds}}{{println .}}{{end}}", "given"))))
                    .containsExactlyInAnyOrder(ro, host + ":/w:Z,rslave");
            Result inspect = ok(d.docker("inspect", "-f", "{{json .HostConfig.Tmpfs}}|"
                    + "{{json .HostConfig.RestartPolicy}}|{{json .HostConfig.PortBindings}}", "given"));
            assertThat(inspect.out().strip().split("\\|")).containsExactly(
                    "{\"/scratch\":\"size=1m,noexec\"}",
                    "{\"Name\":\"on-failure\",\"MaximumRetryCount\":2}",
                    "{\"53/udp\":[{\"HostIp\":\"\",\"HostPort\":\"\"}],\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"18441\"}]}");
            ok(d.docker("start", "-a", "given"));
            assertThat(ok(d.docker("logs", "given")).out()).containsPattern("tmpfs\\s+1024\\s");
            // The runtime got the typed mounts: read-only (recursively: runc 1.1 lists rro), and the propagation asked for.
            String id = ok(d.docker("inspect", "-f", "{{.Id}}", "given")).out().strip();
            String spec = Files.readString(d.dataRoot().resolve("containers").resolve(id).resolve("config.json"));
            assertThat(spec).containsPattern("\"destination\"\\s*:\\s*\"/w\"[^}]*\"rslave\"")
                    .containsPattern("\"destination\"\\s*:\\s*\"/data\"[^}]*\"rro\"");
        } finally {
            try (var files = Files.list(host)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(host);
        }
    }

    // ------------------------------------------------------------------ events

    @Test
    void eventsWithFilters() {
        String t0 = String.valueOf(Instant.now().getEpochSecond() - 1);
        ok(d.docker("import", tar.toString(), "evimg:1"));
        ok(d.docker("run", "--name", "ev", "busybox", "true"));
        ok(d.docker("rm", "ev"));
        ok(d.docker("rmi", "evimg:1"));
        String until = untilNow();

        List<String> all = events("--since", t0, "--until", until);
        assertThat(all).contains("container create ev", "container start ev", "container die ev",
                "container destroy ev", "image tag evimg:1");
        assertThat(all).anyMatch(l -> l.startsWith("image import sha256:"));
        assertThat(all.indexOf("container create ev")).isLessThan(all.indexOf("container start ev"));
        assertThat(all.indexOf("container start ev")).isLessThan(all.indexOf("container destroy ev"));

        List<String> starts = events("--since", t0, "--until", until, "--filter", "event=start");
        assertThat(starts).contains("container start ev").allMatch(l -> l.startsWith("container start "));

        ok(d.docker("run", "--name", "web", "busybox", "true"));
        String until2 = untilNow();
        List<String> web = events("--since", t0, "--until", until2, "--filter", "container=web");
        assertThat(web).contains("container create web", "container start web", "container die web")
                .allMatch(l -> l.endsWith(" web"));

        List<String> images = events("--since", t0, "--until", until2, "--filter", "type=image");
        assertThat(images).isNotEmpty().allMatch(l -> l.startsWith("image ")).contains("image tag evimg:1");
    }

    // ------------------------------------------------------------------ restart & crash

    @Test
    void eventHistorySurvivesARestart() throws IOException {
        try (BerthdProcess own = BerthdProcess.start()) {
            ok(own.docker("import", tar.toString(), "busybox"));
            ok(own.docker("run", "--name", "before", "busybox", "true"));
            own.stop();
            assertThat(own.isAlive()).isFalse();
            own.restart();
            Result r = ok(own.docker("events", "--since", "1h", "--until", "0s", "--format",
                    "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}"));
            assertThat(r.out().lines()).contains("image tag busybox:latest", "container create before",
                    "container start before", "container die before");
            assertThat(names(own, "ps", "-a", "-f", "exited=0")).containsExactly("before");
        }
    }

    @Test
    void runningContainersSurviveKill9() throws IOException {
        try (BerthdProcess own = BerthdProcess.start()) {
            ok(own.docker("import", tar.toString(), "busybox"));
            String live = ok(own.docker("run", "-d", "--name", "live", "busybox", "sleep", "300")).out().strip();
            String dies = ok(own.docker("run", "-d", "--name", "dies", "busybox", "sh", "-c", "sleep 2; exit 7"))
                    .out().strip();
            own.kill9();
            assertThat(own.isAlive()).isFalse();
            BerthdProcess.sleep(3500); // "dies" exits while berthd is down
            own.restart();

            Result ps = ok(own.docker("ps", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Status}}"));
            assertThat(ps.out().lines()).hasSize(1);
            assertThat(ps.out().strip()).startsWith(live + " live Up");
            assertThat(ok(own.docker("ps", "-a", "-f", "name=dies", "--format", "{{.Status}}")).out())
                    .startsWith("Exited (7)");
            assertThat(ok(own.docker("inspect", "-f", "{{.Id}} {{.State.Status}} {{.State.ExitCode}}", "dies"))
                    .out().strip()).isEqualTo(dies + " exited 7");

            ok(own.docker("stop", "-t", "1", "live"));
            assertThat(ok(own.docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "live")).out().strip())
                    .isEqualTo("exited 137");
        }
    }

    @Test
    void restartPolicyOnFailure_restartsUpToTheLimit_alwaysNotAfterStop() throws Exception {
        Instant t0 = Instant.now().minusSeconds(1);
        ok(d.docker("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 1"));
        List<String> starts = List.of();
        for (int i = 0; i < 50 && starts.size() < 3; i++) {
            BerthdProcess.sleep(200);
            starts = lines(ok(d.docker("events", "--since", Long.toString(t0.getEpochSecond()), "--until", "0s",
                    "--filter", "container=flaky", "--filter", "event=start")));
        }
        assertThat(starts).as("first run plus two restarts").hasSize(3);
        BerthdProcess.sleep(1500);
        assertThat(ok(d.docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "flaky")).out().strip())
                .isEqualTo("exited 1");

        ok(d.docker("run", "-d", "--name", "steady", "--restart", "always", "busybox", "sleep", "300"));
        ok(d.docker("stop", "-t", "1", "steady"));
        BerthdProcess.sleep(1000);
        assertThat(ok(d.docker("inspect", "-f", "{{.State.Status}}", "steady")).out().strip()).isEqualTo("exited");
    }

    @Test
    void twoDaemonsSideBySide() throws IOException {
        try (BerthdProcess a = BerthdProcess.start(); BerthdProcess b = BerthdProcess.start()) {
            ok(a.docker("import", tar.toString(), "busybox"));
            ok(b.docker("import", tar.toString(), "busybox"));
            String idA = ok(a.docker("run", "-d", "--name", "only-a", "busybox", "sleep", "300")).out().strip();
            ok(b.docker("run", "--name", "only-b", "busybox", "true"));
            assertThat(names(a, "ps", "-a")).containsExactly("only-a");
            assertThat(names(b, "ps", "-a")).containsExactly("only-b");
            assertThat(b.docker("inspect", idA).exitCode()).isEqualTo(1);
            ok(b.docker("rmi", "-f", "busybox"));
            assertThat(ok(a.docker("images", "-q", "busybox")).out()).isNotBlank();
        }
    }

    /** The harness itself: closing after a kill -9 leaves no process, mount or directory behind. */
    @Test
    void harnessCleansUpAfterADeadDaemon() throws IOException {
        BerthdProcess own = BerthdProcess.start();
        long conmonPid;
        try {
            ok(own.docker("import", tar.toString(), "busybox"));
            String id = ok(own.docker("run", "-d", "busybox", "sleep", "300")).out().strip();
            conmonPid = Long.parseLong(Files.readString(
                    own.execRoot().resolve("conmon").resolve(id).resolve("conmon.pid")).strip());
            assertThat(ProcessHandle.of(conmonPid)).isPresent();
            own.kill9();
        } finally {
            own.close();
        }
        waitFor(() -> ProcessHandle.of(conmonPid).map(p -> !p.isAlive()).orElse(true), "conmon gone");
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
        assertThat(mountinfo).doesNotContain(own.dataRoot().toString()).doesNotContain(own.execRoot().toString());
        assertThat(own.dataRoot().getParent()).doesNotExist();
        assertThat(own.execRoot()).doesNotExist();
    }

    // ------------------------------------------------------------------ helpers

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }

    private static List<String> lines(Result r) {
        return r.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private List<String> names(String... psArgs) {
        return names(d, psArgs);
    }

    private static List<String> names(BerthdProcess daemon, String... psArgs) {
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(psArgs),
                java.util.stream.Stream.of("--format", "{{.Names}}")).toArray(String[]::new);
        return lines(ok(daemon.docker(args)));
    }

    private String state(String container) {
        return ok(d.docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", container)).out().strip();
    }

    private List<String> events(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("events"),
                java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--format",
                        "{{.Type}} {{.Action}} {{if .Actor.Attributes.name}}{{.Actor.Attributes.name}}{{else}}{{.Actor.ID}}{{end}}")))
                .toArray(String[]::new);
        return lines(ok(d.docker(Duration.ofSeconds(30), null, all)));
    }

    private static String untilNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() + "." + String.format("%09d", now.getNano());
    }

    private static void waitFor(java.util.function.BooleanSupplier cond, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            BerthdProcess.sleep(200);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }
}
