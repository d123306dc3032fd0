package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
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
 * Issue #8, never accept and ignore, as a user meets it with the real docker CLI: a flag Berth does
 * not honour yet is refused by name and creates nothing; the defaults every client sends pass; a
 * prune filter narrows the prune instead of being dropped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240)
class RefusalIT {
    private static final String PREFIX = "refusal-it-";

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
    void cleanUp() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
            for (String n : lines(d.docker("network", "ls", "--format", "{{.Name}}"))) {
                if (n.startsWith(PREFIX)) {
                    d.docker("network", "rm", n);
                }
            }
        }
    }

    @Test
    void unsupportedRunFlags_exit125_nameTheField_andCreateNothing() {
        String[][] cases = {
            {"log driver awslogs is not supported by Berth yet", "--log-driver", "awslogs"},
            {"HostConfig.DeviceRequests is not supported by Berth yet", "--gpus", "all"},
            {"HostConfig.StorageOpt is not supported by Berth yet", "--storage-opt", "size=1G"},
        };
        int i = 0;
        for (String[] c : cases) {
            String name = PREFIX + i++;
            List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
            args.addAll(List.of(c).subList(1, c.length));
            args.addAll(List.of("busybox", "sleep", "30"));
            Result r = d.docker(args.toArray(String[]::new));
            assertThat(r.exitCode()).as("%s: %s", c[1], r).isEqualTo(125);
            assertThat(r.err()).as(c[1]).contains("Error response from daemon: " + c[0]);
            assertThat(d.docker("inspect", name).exitCode()).as("%s created nothing", c[1]).isEqualTo(1);
        }
        Result create = d.docker("create", "--name", PREFIX + "create", "--storage-opt", "size=1G", "busybox");
        assertThat(create.exitCode()).as(create.toString()).isEqualTo(1);
        assertThat(create.err()).contains("HostConfig.StorageOpt is not supported by Berth yet");
        assertThat(lines(d.docker("ps", "-a", "-q"))).as("no container was created").isEmpty();
        // the name was never reserved
        ok(d.docker("create", "--name", PREFIX + "0", "busybox", "true"));
    }

    @Test
    void defaultsPass_andHonouredFlagsWork() {
        ok(d.docker("create", "--name", PREFIX + "plain", "busybox", "true"));
        Result run = ok(d.docker("run", "--rm", "--shm-size", "64m", "--no-healthcheck", "--ipc", "private",
                "--security-opt", "no-new-privileges", "busybox", "sh", "-c", "df -k /dev/shm | tail -1"));
        assertThat(run.out()).as("Docker's 64 MiB /dev/shm").contains("65536");
        Result detached = ok(d.docker("run", "-d", "--name", PREFIX + "web", "-p", "127.0.0.1::80", "busybox",
                "sleep", "300"));
        assertThat(detached.out().strip()).matches("[0-9a-f]{64}");
    }

    @Test
    void rmLink_isRefused_rmVolumes_removes() {
        ok(d.docker("create", "--name", PREFIX + "linked", "busybox", "true"));
        Result link = d.docker("rm", "--link", PREFIX + "linked");
        assertThat(link.exitCode()).isEqualTo(1);
        assertThat(link.err()).contains("query parameter \"link\" is not supported by Berth yet");
        assertThat(lines(d.docker("ps", "-a", "-q"))).as("--link removed no container").hasSize(1);
        ok(d.docker("rm", "-v", PREFIX + "linked"));
        assertThat(lines(d.docker("ps", "-a", "-q"))).isEmpty();
    }

    @Test
    void networkPruneUntil_prunesOnlyNetworksCreatedBeforeTheCutoff() {
        ok(d.docker("network", "create", PREFIX + "old"));
        ok(d.docker("network", "create", "--label", "keep", PREFIX + "old-kept"));
        BerthdProcess.sleep(3000);
        ok(d.docker("network", "create", PREFIX + "new"));
        Result prune = ok(d.docker("network", "prune", "-f", "--filter", "until=2s", "--filter", "label!=keep"));
        assertThat(prune.out()).contains(PREFIX + "old").doesNotContain(PREFIX + "new")
                .doesNotContain(PREFIX + "old-kept");
        assertThat(lines(d.docker("network", "ls", "--format", "{{.Name}}")))
                .contains(PREFIX + "new", PREFIX + "old-kept", "bridge", "host", "none")
                .doesNotContain(PREFIX + "old");
        Result bad = d.docker("network", "prune", "-f", "--filter", "driver=bridge");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("invalid filter 'driver'");
        assertThat(lines(d.docker("network", "ls", "--format", "{{.Name}}"))).contains(PREFIX + "new");
    }

    @Test
    void networkCreate_unsupportedOption_isRefusedByName_andCreatesNothing() {
        Result r = d.docker("network", "create", "-o", "com.docker.network.bridge.inhibit_ipv4=true", PREFIX + "icc");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Options \"com.docker.network.bridge.inhibit_ipv4\" (a driver option) is not "
                + "supported by Berth yet");
        assertThat(lines(d.docker("network", "ls", "--format", "{{.Name}}"))).doesNotContain(PREFIX + "icc");
    }

    @Test
    void psFilterDockerLacks_isInvalid_badValueNamed() {
        Result unknown = d.docker("ps", "--filter", "colour=red");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("invalid filter 'colour'");
        Result badPort = d.docker("ps", "--filter", "expose=eighty");
        assertThat(badPort.exitCode()).isEqualTo(1);
        assertThat(badPort.err()).contains("error while looking up for expose eighty");
    }

    /** Query parameters the docker CLI never sends but the API has: stream=0 on attach, scope on a network. */
    @Test
    void attachWithoutStream_returnsTheLogAndEnds_networkScopeIsHonoured() {
        String id = ok(d.docker("run", "-d", "--name", PREFIX + "said", "busybox", "echo", "said once")).out().strip();
        ok(d.docker("wait", id));
        Result attach = curl("-X", "POST", "http://berth/containers/" + id + "/attach?logs=1&stream=0&stdout=1");
        assertThat(attach.exitCode()).as(attach.toString()).isZero();
        assertThat(attach.out()).contains("said once");
        Result swarm = curl("-o", "/dev/null", "-w", "%{http_code}", "http://berth/networks/bridge?scope=swarm");
        assertThat(swarm.out()).isEqualTo("404");
        Result local = curl("-o", "/dev/null", "-w", "%{http_code}", "http://berth/networks/bridge?scope=local");
        assertThat(local.out()).isEqualTo("200");
    }

    /** curl on the daemon's socket; --max-time turns a response that never ends into a failure. */
    private Result curl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "--unix-socket",
                d.socket().toString()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(20), cmd.toArray(String[]::new));
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }

    private static List<String> lines(Result r) {
        return r.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
