package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real docker CLI against the fakes; fails when no {@code docker} is on the PATH. */
class DockerCliTest extends ServerFixture {
    private String docker;

    @BeforeEach
    void findDocker() {
        docker = findOnPath("docker");
        assertTrue(docker != null, "docker CLI not on PATH (scripts/install-deps installs one)");
    }

    @Test
    void dockerVersion_showsServerSection() throws Exception {
        String out = run("version");
        assertThat(out).contains("Server: Berth Engine").contains("API version:      1.50 (minimum version 1.24)")
                .contains("Version:          0.1.0");
    }

    @Test
    void dockerPsAll_listsContainer() throws Exception {
        String out = run("ps", "-a");
        assertThat(out).contains("CONTAINER ID").contains("4f1c2b7a9e0d").contains("busybox:latest")
                .contains("Up 2 hours").contains("0.0.0.0:8080->80/tcp").contains("web");
    }

    @Test
    void dockerLogs_demultiplexesStdoutAndStderr() throws Exception {
        assertThat(run("logs", "web")).isEqualTo("hello\noops\n");
        assertThat(run("logs", "-t", "term")).contains("2024-05-06T07:08:09.123456789Z hello");
    }

    @Test
    void dockerWait_printsExitCode() throws Exception {
        containers.waitResult.complete(dev.berth.api.model.WaitResponse.exited(7));
        assertThat(run("wait", "web").trim()).isEqualTo("7");
    }

    @Test
    void dockerAttach_printsOutputUntilStreamEnds() throws Exception {
        containers.waitResult.complete(dev.berth.api.model.WaitResponse.exited(0));
        assertThat(run("attach", "--no-stdin", "web")).contains("attached");
    }

    @Test
    void dockerInfoInspectEvents_work() throws Exception {
        assertThat(run("info")).contains("Containers: 1").contains("Storage Driver: overlay2");
        assertThat(run("inspect", "--format", "{{.Name}} {{.State.Status}}", "web").trim()).isEqualTo("/web running");
        assertThat(run("image", "inspect", "--format", "{{.Os}}", FakeImages.NAME).trim()).isEqualTo("linux");
        assertThat(run("events", "--since", "1700000000", "--until", "1700000100")).contains("container start")
                .contains("container die");
    }

    @Test
    void dockerRun_createsAttachesStartsAndWaits() throws Exception {
        containers.waitResult.complete(dev.berth.api.model.WaitResponse.exited(0));
        assertThat(run("run", "--name", "web", "busybox", "echo", "hi")).contains("attached");
        assertThat(containers.lastCreate.cmd()).containsExactly("echo", "hi");
        assertThat(run("run", "-d", "busybox").trim()).isEqualTo(FakeContainers.WEB_ID);
    }

    @Test
    void dockerImport_streamsStdin() throws Exception {
        Path tar = dir.resolve("rootfs.tar");
        Files.write(tar, new byte[3 * 1024 * 1024]);
        String out = runWithStdin(tar, "import", "-", "imp:1");
        assertThat(out.trim()).isEqualTo("sha256:" + "ab".repeat(32));
        assertThat(images.imported).isEqualTo(3 * 1024 * 1024);
    }

    /**
     * The CLI's own body, every field at its default, passes the field check; a flag Berth lacks is
     * refused by name: docker run exits 125, docker create 1 (its exit code for any daemon error).
     */
    @Test
    void dockerCreate_defaultsPass_unsupportedFlagIsRefusedByName() throws Exception {
        assertThat(run("create", "busybox").trim()).isEqualTo(FakeContainers.WEB_ID);
        assertThat(containers.lastCreate.hostConfig().networkMode()).isEqualTo("default");
        containers.lastCreate = null;
        assertRefused(1, "HostConfig.StorageOpt is not supported by Berth yet", "create", "--storage-opt", "size=1G",
                "busybox");
        assertRefused(125, "HostConfig.DeviceRequests is not supported by Berth yet",
                "run", "-d", "--gpus", "all", "busybox");
        assertThat(containers.lastCreate).isNull();
    }

    private void assertRefused(int code, String message, String... args) throws Exception {
        Process p = docker(args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(code);
        assertThat(out).contains(message);
    }

    private String run(String... args) throws IOException, InterruptedException {
        return runWithStdin(null, args);
    }

    private Process docker(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(docker, "-H", "unix://" + socket));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
        pb.environment().remove("DOCKER_HOST");
        pb.environment().remove("DOCKER_CONTEXT");
        return pb.start();
    }

    private String runWithStdin(Path stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(docker, "-H", "unix://" + socket));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
        pb.environment().remove("DOCKER_HOST");
        pb.environment().remove("DOCKER_CONTEXT");
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
