package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --format} and {@code inspect -f} lines run by the real docker CLI and by {@code bin/berth} on
 * the same berthd: the same stdout, stderr and exit code for each (Go's template errors with their
 * positions, each command's prefix, inspect's typed-then-raw answers). Needs docker on PATH: without it
 * this fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class TemplateParityIT {
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        Result version = BerthdProcess.run(Duration.ofSeconds(30), "docker", "--version");
        assertThat(version.exitCode()).as("the docker CLI on PATH: " + version).isZero();
        d = BerthdProcess.start();
        Result imported = berth("import", "--change", "CMD [\"sh\"]", BerthdProcess.busyboxTar().toString(), "bb");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        for (String[] setup : new String[][] {
            {"create", "--name", "tp1", "-l", "foo=bar", "-v", "/data", "bb"},
            {"create", "--name", "tp2", "bb", "sleep", "100"},
            {"volume", "create", "--label", "a=b", "tpv"},
            {"network", "create", "--label", "n=m", "tpnet"}}) {
            Result r = berth(setup);
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            berth("rm", "-f", "tp1", "tp2");
            berth("volume", "rm", "-f", "tpv");
            berth("network", "rm", "tpnet");
            d.close();
        }
    }

    private Result berth(String... args) {
        List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    @Test
    void formatLines_printAndFailAsTheDockerCli() {
        String[][] lines = {
            {"ps", "-a", "--format", "{{.Nope}}"},
            {"ps", "-a", "--format", "{{.Names}}{{.Nope}}"},
            {"ps", "-a", "--format", "table {{.Nope}}"},
            {"ps", "-a", "--format", "{{.Names"},
            {"ps", "-a", "--format", "{{nope .Names}}"},
            {"ps", "-a", "--format", "{{if .Names}}x"},
            {"ps", "-a", "--format", "{{.Label}}"},
            {"ps", "-a", "--format", "{{index .Names 1}}"},
            {"ps", "-a", "--format", "{{.Names}} {{.Label \"foo\"}} {{len .Names}}"},
            {"images", "--format", "{{.Nope}}"},
            {"images", "--format", "{{.Repository"},
            {"volume", "ls", "--format", "{{.Nope}}"},
            {"network", "ls", "--format", "{{.Nope}}"},
            {"inspect", "-f", "{{.Nope}}", "tp1"},
            {"inspect", "-f", "{{.Names", "tp1"},
            {"inspect", "-f", "{{json .Nope}}", "tp1"},
            {"inspect", "-f", "{{range .Mounts}}{{.Nope}}{{end}}", "tp1"},
            {"inspect", "-f", "{{.State.Nope}}", "tp1"},
            {"inspect", "-f", "{{.Config.Labels.foo}} {{.Config.Labels.nope}}", "tp1"},
            {"inspect", "-f", "{{index .Config.Labels \"nope\"}}", "tp1"},
            {"inspect", "-f", "{{index .HostConfig.LogConfig.Config \"nope\"}}", "tp1"},
            {"inspect", "-f", "{{.State.Health}} {{.Config.Entrypoint}} {{.ID}}", "tp1"},
            {"inspect", "-f", "{{.Name}}{{.Nope}}", "tp1", "nosuch", "tp2"},
            {"inspect", "-f", "{{index .Labels \"nope\"}}|{{.Options.x}}", "tpv"},
            {"inspect", "-f", "{{.Nope}}", "bb"},
            {"volume", "inspect", "-f", "{{.Nope}}", "tpv"},
            {"network", "inspect", "-f", "{{index .Labels \"nope\"}}", "tpnet"},
            {"inspect", "-f", "json", "tp1"},
            {"image", "inspect", "-f", "{{.Id}}", "nosuch"},
            {"info", "--format", "{{.ID}}{{.Nope.X}}"},
            {"info", "--format", "{{.Swarm.Nope}} {{.Runtimes.nope}}"},
            {"version", "--format", "{{.Server.Nope}}"},
            {"version", "--format", "{{.Names"},
            {"inspect", "-f", "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}", "tp1"},
            {"inspect", "-f", "{{range $i, $m := .Mounts}}{{$i}}:{{$m.Destination}} {{$.Name}}{{end}}", "tp1"},
            {"ps", "-a", "--format", "{{$n := .Names}}{{$n}} {{$n.Nope}}"},
        };
        SoftAssertions soft = new SoftAssertions();
        for (String[] line : lines) {
            Result docker = d.docker(line);
            Result ours = berth(line);
            String what = String.join(" ", line);
            soft.assertThat(ours.out()).as(what + ": stdout").isEqualTo(docker.out());
            soft.assertThat(ours.err()).as(what + ": stderr").isEqualTo(docker.err());
            soft.assertThat(ours.exitCode()).as(what + ": exit code").isEqualTo(docker.exitCode());
        }
        soft.assertAll();
    }
}
