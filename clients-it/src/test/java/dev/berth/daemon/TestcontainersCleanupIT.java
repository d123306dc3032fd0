package dev.berth.daemon;

import static dev.berth.daemon.ClientsDaemon.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ResourceReaper;

/**
 * Clean-up without Ryuk: the labels Testcontainers puts on what it makes ({@code org.testcontainers=true},
 * {@code org.testcontainers.sessionId}) find exactly its containers, networks and images through berthd's
 * label filters, and its JVM-hook reaper, run here, removes those and nothing else. A class of its own:
 * the reaper removes every container of the session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class TestcontainersCleanupIT {
    private static final DockerImageName BUSYBOX = DockerImageName.parse("busybox");

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
    @SuppressWarnings("deprecation") // ResourceReaper's clean-up API, called here as its JVM hook calls it
    void labelFilters_findExactlyTestcontainersObjects() {
        DockerClient client = DockerClientFactory.instance().client();
        Map<String, String> session = Map.of(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL, DockerClientFactory.SESSION_ID);
        // Look-alikes the filters must not find: another session's, and one without Testcontainers' marker.
        ok(d.docker("run", "-d", "--name", "other-session", "--label", "org.testcontainers=true",
                "--label", "org.testcontainers.sessionId=not-this-one", "busybox", "sleep", "600"));
        ok(d.docker("run", "-d", "--name", "unlabelled", "busybox", "sleep", "600"));
        ok(d.docker("network", "create", "--label", "org.testcontainers.sessionId=not-this-one", "other-net"));
        try (Network network = Network.newNetwork();
                GenericContainer<?> a = new GenericContainer<>(BUSYBOX).withCommand("sleep", "600").withNetwork(network);
                GenericContainer<?> b = new GenericContainer<>(BUSYBOX).withCommand("sleep", "600")) {
            a.start();
            b.start();
            // Deleted on exit (the default): labelled with the session, so the reaper's filter finds it.
            String built = new ImageFromDockerfile().withFileFromString("Dockerfile", "FROM busybox\nLABEL built=yes\n").get();
            List<String> images = client.listImagesCmd().withLabelFilter(session).exec().stream()
                    .flatMap(i -> Arrays.stream(i.getRepoTags())).toList();
            assertThat(images).containsExactly(built.matches(".*:[^/]+") ? built : built + ":latest");
            List<String> bySession = client.listContainersCmd().withShowAll(true).withLabelFilter(session).exec()
                    .stream().map(Container::getId).toList();
            assertThat(bySession).containsExactlyInAnyOrder(a.getContainerId(), b.getContainerId());
            List<String> byMarkerAndSession = client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("org.testcontainers", "true",
                            DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL, DockerClientFactory.SESSION_ID))
                    .exec().stream().map(Container::getId).toList();
            assertThat(byMarkerAndSession).containsExactlyInAnyOrder(a.getContainerId(), b.getContainerId());
            List<String> marked = client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of("org.testcontainers")).exec().stream().map(Container::getNames)
                    .map(n -> n[0]).toList();
            assertThat(marked).contains("/other-session").doesNotContain("/unlabelled");
            List<String> networks = client.listNetworksCmd()
                    .withFilter("label", List.of(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL + "="
                            + DockerClientFactory.SESSION_ID))
                    .exec().stream().map(n -> n.getId()).toList();
            assertThat(networks).containsExactly(network.getId());

            // What the Ryuk-less reaper does at JVM exit, by the same filter: prune containers, networks,
            // volumes and images labelled with this session, and nothing else.
            ResourceReaper reaper = ResourceReaper.instance();
            reaper.registerLabelsFilterForCleanup(reaper.getLabels());
            reaper.performCleanup();
            assertThat(client.listContainersCmd().withShowAll(true).withLabelFilter(session).exec()).isEmpty();
            assertThat(client.listNetworksCmd().withFilter("label", List.of(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL
                    + "=" + DockerClientFactory.SESSION_ID)).exec()).isEmpty();
            assertThat(ok(d.docker("ps", "-a", "--format", "{{.Names}}")).out().lines().sorted().toList())
                    .containsExactly("other-session", "unlabelled");
            assertThat(ok(d.docker("network", "ls", "--format", "{{.Name}}")).out()).contains("other-net");
            // An image prune without `dangling` removes dangling images only, as dockerd's: the tagged build stays.
            ok(d.docker("rmi", built));
        } finally {
            ok(d.docker("rm", "-f", "other-session", "unlabelled"));
            ok(d.docker("network", "rm", "other-net"));
        }
    }
}
