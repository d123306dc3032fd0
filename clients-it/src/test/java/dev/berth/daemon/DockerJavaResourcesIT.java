package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.PruneType;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * docker-java's calls beyond a container's life cycle, as Testcontainers modules and users make them:
 * volumes, networks (connect/disconnect), archives both ways, top, one-shot stats, events with a time
 * window, a health check given in the create body, container prune by label.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class DockerJavaResourcesIT {
    private BerthdProcess d;
    private DockerClient docker;

    @BeforeAll
    void start() throws IOException {
        d = ClientsDaemon.start();
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofSeconds(60)).build());
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

    private String running() {
        String id = docker.createContainerCmd("busybox").withCmd("sleep", "600").exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    @Test
    void volumes_networks_connectDisconnect() {
        docker.createVolumeCmd().withName("dj-vol").withLabels(Map.of("suite", "dj")).exec();
        assertThat(docker.listVolumesCmd().withFilter("label", List.of("suite=dj")).exec().getVolumes())
                .singleElement().satisfies(v -> assertThat(v.getName()).isEqualTo("dj-vol"));
        assertThat(docker.inspectVolumeCmd("dj-vol").exec().getDriver()).isEqualTo("local");
        docker.removeVolumeCmd("dj-vol").exec();

        String net = docker.createNetworkCmd().withName("dj-net").withLabels(Map.of("suite", "dj")).exec().getId();
        String c = running();
        docker.connectToNetworkCmd().withNetworkId(net).withContainerId(c).exec();
        assertThat(docker.inspectNetworkCmd().withNetworkId("dj-net").exec().getContainers()).containsKey(c);
        assertThat(docker.inspectContainerCmd(c).exec().getNetworkSettings().getNetworks()).containsKey("dj-net");
        docker.disconnectFromNetworkCmd().withNetworkId(net).withContainerId(c).exec();
        assertThat(docker.inspectNetworkCmd().withNetworkId(net).exec().getContainers()).doesNotContainKey(c);
        docker.removeNetworkCmd(net).exec();
        assertThat(docker.listNetworksCmd().withNameFilter("dj-net").exec()).isEmpty();
    }

    @Test
    void archives_top_stats_events() throws Exception {
        long since = System.currentTimeMillis() / 1000 - 1;
        String c = running();
        docker.copyArchiveToContainerCmd(c).withTarInputStream(new ByteArrayInputStream(tar("in.txt", "copied in\n")))
                .withRemotePath("/tmp").exec();
        try (InputStream in = docker.copyArchiveFromContainerCmd(c, "/tmp/in.txt").exec();
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e = tar.getNextEntry();
            assertThat(e.getName()).isEqualTo("in.txt");
            assertThat(new String(tar.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("copied in\n");
        }

        assertThat(Arrays.stream(docker.topContainerCmd(c).exec().getProcesses()).map(p -> String.join(" ", p)))
                .anyMatch(line -> line.contains("sleep 600"));

        List<Statistics> stats = new ArrayList<>();
        docker.statsCmd(c).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
            @Override
            public void onNext(Statistics s) {
                stats.add(s);
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        assertThat(stats).singleElement().satisfies(s -> assertThat(s.getMemoryStats().getUsage()).isPositive());

        docker.stopContainerCmd(c).withTimeout(1).exec();
        List<String> actions = new ArrayList<>();
        docker.eventsCmd().withSince(Long.toString(since)).withUntil(Long.toString(System.currentTimeMillis() / 1000 + 1))
                .withContainerFilter(c).exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event e) {
                        actions.add(e.getAction());
                    }
                }).awaitCompletion(30, TimeUnit.SECONDS);
        assertThat(actions).contains("create", "start", "die", "stop");
    }

    @Test
    void healthCheckInTheCreateBody_becomesHealthy() throws Exception {
        String c = docker.createContainerCmd("busybox").withCmd("sleep", "600")
                .withHealthcheck(new HealthCheck().withTest(List.of("CMD-SHELL", "true"))
                        .withInterval(Duration.ofMillis(500).toNanos()).withRetries(3))
                .exec().getId();
        docker.startContainerCmd(c).exec();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HealthState health = docker.inspectContainerCmd(c).exec().getState().getHealth();
        while (!"healthy".equals(health.getStatus()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            health = docker.inspectContainerCmd(c).exec().getState().getHealth();
        }
        assertThat(health.getStatus()).isEqualTo("healthy");
    }

    @Test
    void containerPrune_byLabel_removesOnlyStoppedMatches() {
        String keep = docker.createContainerCmd("busybox").withLabels(Map.of("suite", "other")).exec().getId();
        String gone = docker.createContainerCmd("busybox").withLabels(Map.of("suite", "dj")).exec().getId();
        String alive = docker.createContainerCmd("busybox").withCmd("sleep", "600").withLabels(Map.of("suite", "dj")).exec().getId();
        docker.startContainerCmd(alive).exec();
        docker.pruneCmd(PruneType.CONTAINERS).withLabelFilter("suite=dj").exec();
        assertThat(docker.listContainersCmd().withShowAll(true).exec()).extracting(x -> x.getId())
                .contains(keep, alive).doesNotContain(gone);
    }

    private static byte[] tar(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            e.setMode(0100644);
            out.putArchiveEntry(e);
            out.write(data);
            out.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
