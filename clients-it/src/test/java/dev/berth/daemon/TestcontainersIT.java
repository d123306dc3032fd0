package dev.berth.daemon;

import static dev.berth.daemon.ClientsDaemon.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.berth.registry.DockerRegistryProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.ContainerFetchException;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Testcontainers 2.x, unchanged, against berthd: found through DOCKER_HOST alone (Ryuk disabled, its
 * image cannot be pulled here), its start-up checks, a GenericContainer with a published port and a
 * log wait, a HEALTHCHECK wait on an image it builds from a Dockerfile, copy-in, exec, a network with
 * aliases, pulls; {@link TestcontainersCleanupIT} has the label filters its clean-up relies on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class TestcontainersIT {
    private static final DockerImageName BUSYBOX = DockerImageName.parse("busybox");
    /** busybox httpd on 8080, serving /www, announcing itself on stdout once it listens. */
    private static final String HTTPD = "mkdir -p /www && echo hello > /www/index.html"
            + " && busybox httpd -p 8080 -h /www && echo listening && exec sleep 600";

    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        d = ClientsDaemon.start();
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    @Test
    void startupChecks_passAgainstBerthd() throws IOException {
        assertThat(DockerClientFactory.instance().isDockerAvailable()).isTrue();
        DockerClient client = DockerClientFactory.instance().client();
        assertThat(client.versionCmd().exec().getApiVersion()).isEqualTo("1.50");
        assertThat(DockerClientFactory.instance().getActiveApiVersion()).isEqualTo("1.50");
        assertThat(DockerClientFactory.instance().getInfo().getOperatingSystem()).isNotBlank();
        // Testcontainers probes /v1.44/_ping and falls back to API 1.32 silently if that fails.
        assertThat(d.http("GET", "/v1.44/_ping", null, null, Duration.ofSeconds(5))).startsWith("HTTP/1.1 200");
    }

    @Test
    void genericContainer_publishedPort_logWait_copyIn_exec(@TempDir Path tmp) throws Exception {
        Path page = Files.writeString(tmp.resolve("copied.html"), "from the host\n");
        try (GenericContainer<?> web = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", HTTPD)
                .withExposedPorts(8080)
                .withEnv("GREETING", "hi there")
                .withCopyFileToContainer(MountableFile.forHostPath(page), "/www/copied.html")
                .waitingFor(Wait.forLogMessage(".*listening.*\\n", 1))) {
            web.start();
            String base = "http://" + web.getHost() + ":" + web.getMappedPort(8080);
            assertThat(get(base + "/index.html")).isEqualTo("hello\n");
            assertThat(get(base + "/copied.html")).isEqualTo("from the host\n");

            ExecResult exec = web.execInContainer("sh", "-c", "echo out; echo err >&2; exit 3");
            assertThat(exec.getStdout()).isEqualTo("out\n");
            assertThat(exec.getStderr()).isEqualTo("err\n");
            assertThat(exec.getExitCode()).isEqualTo(3);
            assertThat(web.getLogs()).contains("listening");
            ExecResult env = web.execInContainer("sh", "-c", "echo \"$GREETING\"; env");
            assertThat(env.getStdout()).as(env.toString()).startsWith("hi there\n");
            String copiedOut = web.copyFileFromContainer("/www/index.html",
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(copiedOut).isEqualTo("hello\n");
        }
    }

    @Test
    void defaultPortWait_httpWait_bindMount_tmpfs_oneShot(@TempDir Path tmp) throws Exception {
        // Every busybox applet linked: the default wait's in-container check runs grep/nc, as on any
        // image that has them.
        ImageFromDockerfile full = new ImageFromDockerfile("berth-tc/full", false)
                .withFileFromString("Dockerfile", "FROM busybox\nRUN mkdir -p /usr/bin /usr/sbin /sbin && busybox --install -s\n");
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "bound\n");
        try (GenericContainer<?> web = new GenericContainer<>(full)
                .withCommand("httpd", "-f", "-p", "8080", "-h", "/www")
                .withExposedPorts(8080)
                .withFileSystemBind(site.toString(), "/www", BindMode.READ_ONLY)
                .withTmpFs(Map.of("/scratch", "rw,size=1m"))
                .withLabel("suite", "clients-it")) {
            web.start(); // Wait.forListeningPort(), Testcontainers' default
            String base = "http://" + web.getHost() + ":" + web.getMappedPort(8080);
            assertThat(get(base + "/index.html")).isEqualTo("bound\n");
            ExecResult mounts = web.execInContainer("sh", "-c", "touch /www/x; echo $?; grep ' /scratch ' /proc/mounts");
            assertThat(mounts.getStdout()).startsWith("1\n").contains("tmpfs /scratch tmpfs");
            assertThat(web.getContainerInfo().getConfig().getLabels()).containsEntry("suite", "clients-it");
        }
        try (GenericContainer<?> web = new GenericContainer<>(full)
                .withCommand("httpd", "-f", "-p", "8080", "-h", "/www")
                .withFileSystemBind(site.toString(), "/www", BindMode.READ_ONLY)
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/index.html").forStatusCode(200))) {
            web.start();
        }
        try (GenericContainer<?> once = new GenericContainer<>(BUSYBOX).withCommand("sh", "-c", "echo done")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(30)))) {
            once.start();
            assertThat(once.getLogs()).isEqualTo("done\n");
        }
        try (GenericContainer<?> failing = new GenericContainer<>(BUSYBOX).withCommand("sh", "-c", "exit 2")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(30)))) {
            assertThatThrownBy(failing::start).isInstanceOf(ContainerLaunchException.class);
        }
        ok(d.docker("rmi", "berth-tc/full"));
    }

    @Test
    void imageFromDockerfile_withHealthcheck_waitsUntilHealthy() {
        ImageFromDockerfile image = new ImageFromDockerfile("berth-tc/healthy", false)
                .withFileFromString("ready.sh", "sleep 2; touch /tmp/ready; exec sleep 600\n")
                .withFileFromString("Dockerfile", String.join("\n",
                        "FROM busybox",
                        "COPY ready.sh /ready.sh",
                        "HEALTHCHECK --interval=1s --retries=30 CMD test -f /tmp/ready",
                        "CMD [\"sh\", \"/ready.sh\"]",
                        ""));
        try (GenericContainer<?> c = new GenericContainer<>(image).waitingFor(Wait.forHealthcheck())) {
            c.start();
            assertThat(c.getCurrentContainerInfo().getState().getHealth().getStatus()).isEqualTo("healthy");
            assertThat(c.getContainerInfo().getConfig().getLabels())
                    .containsEntry("org.testcontainers", "true");
        }
        ok(d.docker("rmi", "berth-tc/healthy"));
    }

    @Test
    void imageFromDockerfile_failingStep_failsTheBuild() {
        ImageFromDockerfile image = new ImageFromDockerfile("berth-tc/broken", false)
                .withFileFromString("Dockerfile", "FROM busybox\nRUN echo about to fail && exit 3\n");
        assertThatThrownBy(image::get)
                .isInstanceOf(DockerClientException.class)
                .hasMessage("Could not build image: The command '/bin/sh -c echo about to fail && exit 3' returned a non-zero code: 3");
    }

    @Test
    void imagePull_fromRegistry_thenMissingImageFailsFastWithNotFound() throws Exception {
        assertTrue(DockerRegistryProcess.available(), "needs /usr/bin/docker-registry (scripts/install-deps)");
        try (DockerRegistryProcess registry = DockerRegistryProcess.start(null)) {
            String ref = registry.domain() + "/tc/busybox:v1";
            ok(d.docker("tag", "busybox", ref));
            ok(d.docker("push", ref));
            ok(d.docker("rmi", ref));
            try (GenericContainer<?> pulled = new GenericContainer<>(DockerImageName.parse(ref))
                    .withCommand("sh", "-c", "echo pulled; exec sleep 600")
                    .waitingFor(Wait.forLogMessage("pulled\\n", 1))) {
                pulled.start();
                assertThat(pulled.getLogs()).isEqualTo("pulled\n");
            }
            assertThat(ok(d.docker("images", "--format", "{{.Repository}}:{{.Tag}}")).out()).contains(ref);
            ok(d.docker("rmi", ref));

            // dockerd answers a tag the registry lacks with a 404, which Testcontainers does not retry.
            long started = System.nanoTime();
            try (GenericContainer<?> missing = new GenericContainer<>(DockerImageName.parse(registry.domain() + "/tc/nothing:v1"))) {
                assertThatThrownBy(missing::start)
                        .isInstanceOf(ContainerFetchException.class)
                        .satisfies(e -> assertThat(causes(e)).anySatisfy(c -> assertThat(c).isInstanceOf(NotFoundException.class)));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    @Test
    void network_withAliases_reachesPeerByAlias() throws Exception {
        try (Network network = Network.newNetwork();
                GenericContainer<?> web = new GenericContainer<>(BUSYBOX)
                        .withCommand("sh", "-c", HTTPD)
                        .withNetwork(network)
                        .withNetworkAliases("web", "www")
                        .waitingFor(Wait.forLogMessage(".*listening.*\\n", 1));
                GenericContainer<?> client = new GenericContainer<>(BUSYBOX)
                        .withCommand("sleep", "600")
                        .withNetwork(network)) {
            web.start();
            client.start();
            for (String alias : List.of("web", "www")) {
                ExecResult r = client.execInContainer("wget", "-q", "-O", "-", "http://" + alias + ":8080/index.html");
                assertThat(r.getExitCode()).as(r.getStderr()).isZero();
                assertThat(r.getStdout()).isEqualTo("hello\n");
            }
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }
}
