package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A repeated inspect of an unchanged container is answered with the JSON written before (api/RenderedJson):
 * every change a user makes shows in the very next inspect — state, pid, pause, networks and their
 * addresses, name, log file, sandbox, exit code — and an unchanged container answers the same bytes. A
 * network's inspect (also answered so) shows its members come and go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180)
class InspectChangesIT {
    private static final String SHOWN = "{{.State.Status}} {{.State.Running}} {{.State.Paused}} {{.State.Pid}} "
            + "{{.State.ExitCode}} {{.Name}} {{.RestartCount}} [{{.LogPath}}] [{{.NetworkSettings.SandboxKey}}] "
            + "{{range $n, $e := .NetworkSettings.Networks}}{{$n}}={{$e.IPAddress}},{{end}}";
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
            if (d.isAlive()) {
                d.removeAllContainers();
                d.docker("network", "rm", "icnet");
            }
            d.close();
        }
    }

    private String shown(String name) {
        return ok(d.docker("inspect", "-f", SHOWN, name)).out().strip();
    }

    @Test
    void inspect_afterEachChange_showsItAtOnce_unchanged_theSameBytes() {
        ok(d.docker("network", "create", "--subnet", "10.217.9.0/24", "icnet"));
        ok(d.docker("create", "--name", "ic", "--network", "icnet", "busybox", "sleep", "300"));
        assertThat(shown("ic")).isEqualTo("created false false 0 0 /ic 0 [] [] icnet=,");
        String whole = ok(d.docker("inspect", "ic")).out();
        assertThat(ok(d.docker("inspect", "ic")).out()).isEqualTo(whole);

        String members = "{{range $id, $c := .Containers}}{{$c.Name}}={{$c.IPv4Address}},{{end}}";
        assertThat(ok(d.docker("network", "inspect", "-f", members, "icnet")).out().strip()).isEmpty();
        ok(d.docker("start", "ic"));
        assertThat(ok(d.docker("network", "inspect", "-f", members, "icnet")).out().strip())
                .matches("ic=10\\.217\\.9\\.\\d+/24,");
        String running = shown("ic");
        assertThat(running).matches("running true false [1-9]\\d* 0 /ic 0 \\[/\\S+-json\\.log\\] \\[/\\S+\\] icnet=10\\.217\\.9\\.\\d+,");
        String pid = running.split(" ")[3];

        ok(d.docker("pause", "ic"));
        assertThat(shown("ic")).startsWith("paused true true " + pid + " ");
        ok(d.docker("unpause", "ic"));
        assertThat(shown("ic")).isEqualTo(running);

        ok(d.docker("rename", "ic", "ic2"));
        assertThat(shown("ic2")).isEqualTo(running.replace(" /ic ", " /ic2 "));
        assertThat(d.docker("inspect", "ic").exitCode()).isNotZero();

        ok(d.docker("network", "connect", "bridge", "ic2"));
        assertThat(shown("ic2")).matches(".* bridge=\\d+\\.\\d+\\.\\d+\\.\\d+,icnet=10\\.217\\.9\\.\\d+,");
        ok(d.docker("network", "disconnect", "bridge", "ic2"));
        assertThat(shown("ic2")).isEqualTo(running.replace(" /ic ", " /ic2 "));

        ok(d.docker("kill", "ic2"));
        assertThat(ok(d.docker("wait", "ic2")).out().strip()).isEqualTo("137");
        assertThat(shown("ic2")).matches("exited false false 0 137 /ic2 0 \\[/\\S+-json\\.log\\] \\[\\] icnet=\\S*,");
        // The endpoint leaves after the exit (the network's own event, the container's state unchanged): it
        // must still show, though nothing else about the container changed.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!shown("ic2").endsWith("icnet=,") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(shown("ic2")).matches("exited false false 0 137 /ic2 0 \\[/\\S+-json\\.log\\] \\[\\] icnet=,");
        assertThat(ok(d.docker("network", "inspect", "-f", members, "icnet")).out().strip()).isEmpty();
        String exited = ok(d.docker("inspect", "ic2")).out();
        assertThat(ok(d.docker("inspect", "ic2")).out()).isEqualTo(exited);
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("exit code of a command that should succeed; stderr: %s", r.err()).isZero();
        return r;
    }
}
