package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.registry.DockerRegistryProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The Python SDK (Debian's python3-docker, the high-level {@code docker.from_env()} client) against
 * berthd and a local docker-registry: {@code clients/docker_py_check.py} runs every step and names the
 * one that fails; this test fails with its whole output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 900)
class DockerPyIT {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private BerthdProcess d;
    private DockerRegistryProcess registry;
    private Path script;

    /** Fails (never skips) without Debian's python3 and its docker module. */
    static void requirePythonDocker() {
        assertTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3 (scripts/install-deps)");
        ClientProcess.Output probe = ClientProcess.run(Duration.ofSeconds(30), Map.of(), null,
                PYTHON.toString(), "-c", "import docker; print(docker.__version__)");
        assertThat(probe.exitCode()).as("needs python3-docker (scripts/install-deps installs it)\n" + probe).isZero();
    }

    @BeforeAll
    void start() throws Exception {
        BerthdProcess.requireEnvironment();
        requirePythonDocker();
        assertTrue(DockerRegistryProcess.available(), "needs /usr/bin/docker-registry (scripts/install-deps)");
        registry = DockerRegistryProcess.start(null);
        d = BerthdProcess.start();
        BerthdProcess.Result imported = d.dockerStdin(BerthdProcess.busyboxTar(), "import", "-c", "CMD [\"sh\"]", "-",
                "pysdk/busybox:latest");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        script = Files.createTempFile("docker_py_check", ".py");
        try (InputStream in = DockerPyIT.class.getResourceAsStream("/clients/docker_py_check.py")) {
            assertThat(in).as("clients/docker_py_check.py on the test class path").isNotNull();
            Files.write(script, in.readAllBytes());
        }
    }

    @AfterAll
    void stop() throws IOException {
        if (d != null) {
            d.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (script != null) {
            Files.deleteIfExists(script);
        }
    }

    @Test
    void dockerPy_highLevelClient_everyStepPasses() {
        ClientProcess.Output out = ClientProcess.run(Duration.ofMinutes(10), Map.of(
                        "DOCKER_HOST", d.host(),
                        "BERTH_IMAGE", "pysdk/busybox:latest",
                        "BERTH_REGISTRY", registry.domain(),
                        "BERTH_PREFIX", "pyit"),
                null, PYTHON.toString(), script.toString());
        assertThat(out.exitCode()).as("docker_py_check.py\n" + out).isZero();
        assertThat(out.out()).contains("OK: every docker-py check passed")
                .contains("BuildError: The command '/bin/sh -c echo failing; exit 3' returned a non-zero code: 3")
                .contains("ImageNotFound: No such image: pyit-missing:nope")
                .contains("is already in use by container")
                .contains("500: failed to set up container networking: driver failed programming external connectivity")
                .contains("failed: port is already allocated");
        // the script removed everything it made, by the names it gave
        assertThat(d.docker("ps", "-a", "--format", "{{.Names}}").out()).doesNotContain("pyit-");
        assertThat(d.docker("volume", "ls", "-q").out()).doesNotContain("pyit-");
        assertThat(d.docker("network", "ls", "--format", "{{.Name}}").out()).doesNotContain("pyit-");
        assertThat(d.docker("images", "--format", "{{.Repository}}").out()).doesNotContain("pyit");
    }
}
