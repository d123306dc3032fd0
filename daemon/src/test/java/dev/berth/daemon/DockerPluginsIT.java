package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #16 item 4: Docker's plugin protocol. Plugins are the stdlib python server of
 * {@code test-plugins/docker-protocol} on unix sockets in a test-private discovery directory
 * (daemon.json {@code docker-plugin-dirs}); the real docker CLI drives berthd.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class DockerPluginsIT {
    private static final Path SCRIPT = Path.of("../test-plugins/docker-protocol/testplugin.py").toAbsolutePath().normalize();

    private Path work;
    private Path sockets;
    private Path volumeRoot;
    private final List<Process> plugins = new ArrayList<>();
    private BerthdProcess d;

    @BeforeAll
    void start() throws Exception {
        BerthdProcess.requireEnvironment();
        work = Files.createTempDirectory("berth-dockerplug-");
        sockets = Files.createDirectories(work.resolve("run-plugins"));
        volumeRoot = Files.createDirectories(work.resolve("vols"));
        plugin("dpvol", "volume", volumeRoot);
        plugin("dpnopriv", "authz", null);
        plugin("dperr", "err", null);
        plugin("dpgarbage", "garbage", null);
        plugin("dpslow", "slow", null);
        d = BerthdProcess.start("{\"docker-plugin-dirs\": [\"" + sockets + "\"], \"docker-plugin-timeout\": 3, "
                + "\"authorization-plugins\": [\"dpnopriv\"]}");
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    private void plugin(String name, String mode, Path root) throws Exception {
        Path socket = sockets.resolve(name + ".sock");
        var cmd = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString(), socket.toString(), mode));
        if (root != null) {
            cmd.add(root.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile()).start();
        plugins.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(socket)) {
            assertThat(System.nanoTime() < deadline && p.isAlive()).as("plugin " + name + " made its socket").isTrue();
            Thread.sleep(20);
        }
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (d != null) {
            d.close();
        }
        for (Process p : plugins) {
            p.destroy();
            p.waitFor();
        }
        if (work != null) {
            BerthdProcess.run(Duration.ofSeconds(30), "rm", "-rf", work.toString());
        }
    }

    @AfterEach
    void removeContainers() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
        }
    }

    @Test
    void volumesOfAPluginSocket_areCreatedMountedAndRemovedByThePlugin() throws IOException {
        ok(d.docker("volume", "create", "-d", "dpvol", "pv1"));
        assertThat(volumeRoot.resolve("pv1")).isDirectory();
        assertThat(ok(d.docker("volume", "inspect", "--format", "{{.Driver}} {{.Mountpoint}}", "pv1")).out().strip())
                .isEqualTo("dpvol " + volumeRoot.resolve("pv1"));
        assertThat(ok(d.docker("volume", "ls", "--format", "{{.Driver}}:{{.Name}}")).out()).contains("dpvol:pv1");

        ok(d.docker("run", "--rm", "-v", "pv1:/data", "busybox", "sh", "-c", "echo through-the-plugin > /data/f"));
        assertThat(Files.readString(volumeRoot.resolve("pv1/f")).strip()).isEqualTo("through-the-plugin");
        List<String> calls = Files.readAllLines(volumeRoot.resolve("requests.log"));
        assertThat(calls).contains("Plugin.Activate", "VolumeDriver.Create", "VolumeDriver.Mount", "VolumeDriver.Unmount");

        // a volume the run makes, with --volume-driver and with --mount volume-driver=
        ok(d.docker("run", "--rm", "-v", "pv2:/d", "--volume-driver", "dpvol", "busybox", "touch", "/d/x"));
        assertThat(volumeRoot.resolve("pv2/x")).exists();
        ok(d.docker("run", "--rm", "--mount", "type=volume,src=pv3,dst=/d,volume-driver=dpvol", "busybox", "touch", "/d/y"));
        assertThat(volumeRoot.resolve("pv3/y")).exists();
        assertThat(ok(d.docker("volume", "inspect", "--format", "{{.Driver}}", "pv3")).out().strip()).isEqualTo("dpvol");

        ok(d.docker("volume", "rm", "pv1", "pv2", "pv3"));
        assertThat(volumeRoot.resolve("pv1")).doesNotExist();
        assertThat(volumeRoot.resolve("pv3")).doesNotExist();
        assertThat(ok(d.docker("volume", "ls", "-q")).out()).doesNotContain("pv1");
    }

    @Test
    void anAuthorizationPluginSocket_deniesPrivileged_andAllowsTheRest() {
        Result denied = d.docker("run", "--privileged", "--name", "dp-root", "busybox", "true");
        assertThat(denied.exitCode()).as(denied.toString()).isEqualTo(125);
        assertThat(denied.err()).contains("Error response from daemon: authorization denied by plugin dpnopriv: "
                + "privileged containers are not allowed here");
        assertThat(ok(d.docker("ps", "-a", "--format", "{{.Names}}")).out()).doesNotContain("dp-root");
        assertThat(ok(d.docker("run", "--rm", "busybox", "echo", "allowed")).out().strip()).isEqualTo("allowed");
    }

    @Test
    void anAuthorizationPluginSocket_mayDenyACompleteResponse_streamsPass() {
        // AuthZRes: the volume is made (the request was allowed), its description is withheld
        Result create = d.docker("volume", "create", "--label", "note=deny-response-please", "dp-secret");
        assertThat(create.exitCode()).as(create.toString()).isEqualTo(1);
        assertThat(create.err()).contains("Error response from daemon: authorization denied by plugin dpnopriv: "
                + "the response holds a secret");
        Result inspect = d.docker("volume", "inspect", "dp-secret");
        assertThat(inspect.exitCode()).as(inspect.toString()).isEqualTo(1);
        assertThat(inspect.err()).contains("authorization denied by plugin dpnopriv: the response holds a secret");
        assertThat(ok(d.docker("volume", "ls", "-q", "--filter", "name=dp-none")).out()).isBlank();
        // a streamed response goes out as it is made: not put to AuthZRes
        assertThat(ok(d.docker("run", "--rm", "busybox", "echo", "deny-response-please")).out().strip())
                .isEqualTo("deny-response-please");
        ok(d.docker("volume", "rm", "dp-secret"));
    }

    @Test
    void badPlugins_failNamingThePlugin_leaveNothing_andBerthdKeepsServing() throws IOException {
        Result err = d.docker("volume", "create", "-d", "dperr", "bad1");
        assertThat(err.err()).contains("Error response from daemon: create bad1: the test plugin refuses");
        Result garbage = d.docker("volume", "create", "-d", "dpgarbage", "bad2");
        assertThat(garbage.err()).contains("create bad2: plugin dpgarbage: VolumeDriver.Create: malformed JSON");
        Result slow = d.docker("volume", "create", "-d", "dpslow", "bad3");
        assertThat(slow.err()).contains("create bad3: error looking up volume plugin dpslow: "
                + "Post \"http://plugin/Plugin.Activate\": context deadline exceeded");
        Result missing = d.docker("volume", "create", "-d", "dpmissing", "bad4");
        assertThat(missing.err()).contains("create bad4: error looking up volume plugin dpmissing: plugin \"dpmissing\" not found");
        Files.writeString(sockets.resolve("dpstale.sock"), "");
        Result stale = d.docker("volume", "create", "-d", "dpstale", "bad5");
        assertThat(stale.err()).contains("create bad5: error looking up volume plugin dpstale: Post "
                + "\"http://plugin/Plugin.Activate\": dial unix://");
        Result run = d.docker("run", "--rm", "-v", "bad6:/d", "--volume-driver", "dperr", "busybox", "true");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(125);
        assertThat(run.err()).contains("the test plugin refuses");
        for (Result r : List.of(err, garbage, slow, missing, stale)) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        }
        String volumes = ok(d.docker("volume", "ls", "-q")).out();
        assertThat(volumes).doesNotContain("bad1", "bad2", "bad3", "bad4", "bad5", "bad6");
        assertThat(ok(d.docker("ps", "-a", "-q")).out()).isBlank();
        assertThat(d.isAlive()).isTrue();
        ok(d.docker("version"));
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
