package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * docker-java (the version Testcontainers brings) with its zero-dependency transport, configured from
 * DOCKER_HOST alone: the raw calls (ping, version, list, inspect, create, start, wait, logs, exec,
 * remove, build) and the exceptions it maps dockerd's errors to (missing image, name conflict, port
 * already taken, failing build).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class DockerJavaIT {
    private BerthdProcess d;
    private DockerClient docker;

    @BeforeAll
    void start() throws IOException {
        d = ClientsDaemon.start();
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                .responseTimeout(Duration.ofSeconds(60)).build());
    }

    @AfterAll
    void stop() throws IOException {
        if (docker != null) {
            docker.close();
        }
        if (d != null) {
            d.close();
        }
    }

    @AfterEach
    void removeContainers() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
        }
    }

    @Test
    void pingVersionInfo() {
        docker.pingCmd().exec();
        assertThat(docker.versionCmd().exec().getApiVersion()).isEqualTo("1.50");
        assertThat(docker.infoCmd().exec().getImages()).isEqualTo(1);
        assertThat(docker.listImagesCmd().exec()).anySatisfy(i -> assertThat(i.getRepoTags()).contains("busybox:latest"));
        assertThat(docker.inspectImageCmd("busybox").exec().getConfig().getCmd()).containsExactly("sh");
    }

    @Test
    void createListInspectStartWaitLogsRemove() throws Exception {
        CreateContainerResponse created = docker.createContainerCmd("busybox").withName("dj-life")
                .withLabels(Map.of("app", "dj")).withCmd("sh", "-c", "echo out; echo err >&2; exit 4").exec();
        String id = created.getId();
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("app", "dj")).exec())
                .singleElement().satisfies(c -> {
                    assertThat(c.getId()).isEqualTo(id);
                    assertThat(c.getState()).isEqualTo("created");
                    assertThat(c.getNames()).containsExactly("/dj-life");
                });
        docker.startContainerCmd(id).exec();
        assertThat(docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS)).isEqualTo(4);

        InspectContainerResponse inspect = docker.inspectContainerCmd("dj-life").exec();
        assertThat(inspect.getId()).isEqualTo(id);
        assertThat(inspect.getState().getExitCodeLong()).isEqualTo(4L);
        assertThat(inspect.getState().getRunning()).isFalse();
        assertThat(inspect.getConfig().getLabels()).containsEntry("app", "dj");

        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                (frame.getStreamType() == StreamType.STDERR ? err : out)
                        .append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        assertThat(out).hasToString("out\n");
        assertThat(err).hasToString("err\n");

        docker.removeContainerCmd(id).exec();
        assertThatThrownBy(() -> docker.inspectContainerCmd(id).exec()).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("No such container: " + id);
    }

    @Test
    void exec_outputAndExitCode() throws Exception {
        String id = docker.createContainerCmd("busybox").withCmd("sleep", "600").exec().getId();
        docker.startContainerCmd(id).exec();
        String exec = docker.execCreateCmd(id).withAttachStdout(true).withAttachStderr(true)
                .withCmd("sh", "-c", "echo hi; exit 5").exec().getId();
        StringBuilder out = new StringBuilder();
        docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        assertThat(out).hasToString("hi\n");
        assertThat(docker.inspectExecCmd(exec).exec().getExitCodeLong()).isEqualTo(5L);
    }

    @Test
    void missingImage_isNotFoundException() {
        assertThatThrownBy(() -> docker.createContainerCmd("no-such-image:1.0").exec())
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("No such image: no-such-image:1.0");
        assertThatThrownBy(() -> docker.inspectImageCmd("no-such-image:1.0").exec())
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("No such image: no-such-image:1.0");
    }

    @Test
    void nameInUse_isConflictException() {
        String first = docker.createContainerCmd("busybox").withName("dj-dup").exec().getId();
        assertThatThrownBy(() -> docker.createContainerCmd("busybox").withName("dj-dup").exec())
                .isInstanceOf(ConflictException.class)
                // docker-java quotes dockerd's JSON body as it came, quotes escaped.
                .hasMessageContaining("Conflict. The container name \\\"/dj-dup\\\" is already in use by container \\\""
                        + first + "\\\". You have to remove (or rename) that container to be able to reuse that name.");
    }

    @Test
    void refusals_haveDockerdsExceptionTypes() throws IOException {
        String running = docker.createContainerCmd("busybox").withName("dj-running").withCmd("sleep", "600").exec().getId();
        docker.startContainerCmd(running).exec();
        assertThatThrownBy(() -> docker.removeContainerCmd(running).exec()).isInstanceOf(ConflictException.class)
                .hasMessageContaining("cannot remove container")
                .hasMessageContaining("container is running: stop the container before removing or force remove");
        assertThatThrownBy(() -> docker.removeImageCmd("busybox").exec()).isInstanceOf(ConflictException.class)
                .hasMessageContaining("conflict: unable to remove repository reference \\\"busybox\\\" (must force) - container "
                        + running.substring(0, 12) + " is using its referenced image");
        assertThatThrownBy(() -> docker.startContainerCmd("dj-nothing").exec()).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("No such container: dj-nothing");
        assertThatThrownBy(() -> docker.buildImageCmd(new ByteArrayInputStream(tar("Dockerfile", "FROM busybox\nFOO bar\n")))
                .exec(new BuildImageResultCallback()).awaitImageId())
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("dockerfile parse error on line 2: unknown instruction: FOO");
    }

    @Test
    void portAlreadyTaken_isInternalServerErrorOnStart() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ExposedPort http = ExposedPort.tcp(80);
        HostConfig binding = HostConfig.newHostConfig().withPortBindings(new PortBinding(PortBinding.parse(port + ":80").getBinding(), http));
        String a = docker.createContainerCmd("busybox").withCmd("sleep", "600").withExposedPorts(http)
                .withHostConfig(binding).exec().getId();
        docker.startContainerCmd(a).exec();
        String b = docker.createContainerCmd("busybox").withCmd("sleep", "600").withExposedPorts(http)
                .withHostConfig(binding).exec().getId();
        assertThatThrownBy(() -> docker.startContainerCmd(b).exec())
                .isInstanceOf(InternalServerErrorException.class)
                .hasMessageContaining("driver failed programming external connectivity on endpoint ")
                .hasMessageContaining("Bind for 0.0.0.0:" + port + " failed: port is already allocated");
    }

    @Test
    void failingBuild_isDockerClientExceptionWithTheStepsError() throws IOException {
        byte[] context = tar("Dockerfile", "FROM busybox\nRUN echo building && exit 3\n");
        assertThatThrownBy(() -> docker.buildImageCmd(new ByteArrayInputStream(context)).withTags(Set.of("dj-broken"))
                .exec(new BuildImageResultCallback()).awaitImageId())
                .isInstanceOf(DockerClientException.class)
                .hasMessageContaining("The command '/bin/sh -c echo building && exit 3' returned a non-zero code: 3");
        assertThatThrownBy(() -> docker.inspectImageCmd("dj-broken").exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void build_thenRun() throws Exception {
        byte[] context = tar("Dockerfile", "FROM busybox\nRUN echo built > /built\nCMD [\"cat\", \"/built\"]\n");
        String image = docker.buildImageCmd(new ByteArrayInputStream(context)).withTags(Set.of("dj-built"))
                .exec(new BuildImageResultCallback()).awaitImageId();
        // docker-java takes the id from "Successfully built <12 hex>", as with dockerd.
        assertThat(image).hasSize(12);
        assertThat(docker.inspectImageCmd("dj-built").exec().getId()).startsWith("sha256:" + image);
        String id = docker.createContainerCmd("dj-built").exec().getId();
        docker.startContainerCmd(id).exec();
        assertThat(docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS)).isZero();
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        docker.logContainerCmd(id).withStdOut(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                logs.writeBytes(frame.getPayload());
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        assertThat(logs.toString(StandardCharsets.UTF_8)).isEqualTo("built\n");
        docker.removeContainerCmd(id).exec();
        docker.removeImageCmd("dj-built").exec();
        assertThat(docker.listImagesCmd().withReferenceFilter("dj-built").exec()).isEmpty();
    }

    private static byte[] tar(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            out.putArchiveEntry(e);
            out.write(data);
            out.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
