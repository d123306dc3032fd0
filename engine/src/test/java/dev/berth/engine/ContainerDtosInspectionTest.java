package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.actors.network.NetworkView;
import dev.berth.actors.volume.VolumeService;
import dev.berth.actors.volume.VolumeView;
import dev.berth.api.backend.Versioned;
import dev.berth.api.model.ContainerInspect;
import dev.berth.api.model.ContainerSummary;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerHealth;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HealthStatus;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.NetworkRequest;
import dev.berth.persistence.network.Endpoint;
import dev.berth.persistence.network.NetworkConfig;
import dev.berth.persistence.network.NetworkState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inspect's version ({@link ContainerDtos#inspection}) is what lets the API send the JSON it wrote
 * before: it must stay equal while nothing inspect shows changes, and differ as soon as anything does,
 * each change then showing in the value rendered.
 */
class ContainerDtosInspectionTest {
    private static final String ID = "c".repeat(64);
    private static final String NET = "n".repeat(64);

    @TempDir
    Path dataRoot;
    @TempDir
    Path netns;
    private final NetworkView networks = new NetworkView();
    private final Map<String, ContainerHealth> healths = new ConcurrentHashMap<>();
    private ContainerDtos dtos;

    private ContainerDtos dtos() {
        if (dtos == null) {
            dtos = new ContainerDtos(dataRoot, networks, netns,
                    new MountPoints(new VolumeService(null, new VolumeView(), Map.of(), null)), i -> healths.get(i.id()));
        }
        return dtos;
    }

    private static ContainerInfo info() {
        return info(null);
    }

    private static ContainerInfo info(Instant startedAt) {
        var config = new ContainerConfig("busybox", "", "", "", List.of(), List.of("sleep", "9"), List.of(), "/",
                Map.of(), List.of(), List.of(), false, false, null, null);
        return new ContainerInfo(ID, "web", Instant.EPOCH, "sha256:" + "a".repeat(64), List.of(), config,
                HostConfig.builder().build(), startedAt, null, 0, false, "", 0,
                List.of(new NetworkRequest(NET, "front", "", List.of())));
    }

    private static NetworkState.Active network(Map<String, Endpoint> endpoints) {
        return new NetworkState.Active(new NetworkConfig(NET, "front", "bridge", "172.30.0.0/16", "172.30.0.1", "",
                false, false, "br-front", Map.of(), Map.of()), Instant.EPOCH, endpoints);
    }

    /** The next inspect of {@code s}: a new version, equal to the one before iff {@code same}; its value checked. */
    private Versioned<ContainerInspect> assertVersion(ContainerState s, Versioned<ContainerInspect> before, boolean same) {
        Versioned<ContainerInspect> now = dtos().inspection(s);
        assertThat(now.id()).isEqualTo(ID);
        assertThat(now.version().equals(before.version())).isEqualTo(same);
        assertThat(now.value().get()).isEqualTo(dtos().inspect(s, null, null));
        return now;
    }

    @Test
    void inspection_sameInputs_equalVersions_eachChange_aNewVersionShowingIt() throws Exception {
        networks.update(NET, network(Map.of()));
        ContainerState created = new ContainerState.Created(info());
        Versioned<ContainerInspect> v = dtos().inspection(created);
        v = assertVersion(created, v, true);
        assertThat(v.value().get().state().running()).isFalse();

        ContainerState running = new ContainerState.Running(created.info(), 42, false);
        v = assertVersion(running, v, false);
        assertThat(v.value().get().state().pid()).isEqualTo(42);
        v = assertVersion(running, v, true);

        networks.update(NET, network(Map.of(ID, new Endpoint(ID, "web", "172.30.0.2", "02:42:ac:1e:00:02", List.of(), List.of()))));
        v = assertVersion(running, v, false);
        assertThat(v.value().get().networkSettings().networks().get("front").ipAddress()).isEqualTo("172.30.0.2");

        healths.put(ID, ContainerHealth.starting());
        v = assertVersion(running, v, false);
        assertThat(v.value().get().state().health().path("Status").asText()).isEqualTo("starting");
        healths.put(ID, new ContainerHealth(HealthStatus.HEALTHY, 0, List.of()));
        v = assertVersion(running, v, false);
        assertThat(v.value().get().state().health().path("Status").asText()).isEqualTo("healthy");

        Path log = dataRoot.resolve("containers").resolve(ID).resolve(ID + "-json.log");
        Files.createDirectories(log.getParent());
        Files.createFile(log);
        v = assertVersion(running, v, false);
        assertThat(v.value().get().logPath()).isEqualTo(log.toString());

        Files.createFile(netns.resolve(ID));
        v = assertVersion(running, v, false);
        assertThat(v.value().get().networkSettings().sandboxKey()).isEqualTo(netns.resolve(ID).toString());

        networks.update(NET, new NetworkState.None());
        v = assertVersion(running, v, false);
        assertThat(v.value().get().networkSettings().networks().get("front").ipAddress()).isEmpty();
        v = assertVersion(running, v, true);
    }

    @Test
    void inspection_anotherRendererOfTheSameState_isAnotherVersion() {
        ContainerState created = new ContainerState.Created(info());
        Versioned<ContainerInspect> v = dtos().inspection(created);
        ContainerDtos withHealth = dtos().withHealth(i -> ContainerHealth.starting());
        assertThat(withHealth.inspection(created).version()).isNotEqualTo(v.version());
    }

    /** The next list line of {@code s} at {@code now}: equal to the one before iff {@code same}; its value checked. */
    private Versioned<ContainerSummary> assertListed(ContainerState s, Instant now, Versioned<ContainerSummary> before,
                                                     boolean same) {
        Versioned<ContainerSummary> line = dtos().listed(s, now);
        assertThat(line.id()).isEqualTo(ID);
        if (before != null) {
            assertThat(line.version().equals(before.version())).isEqualTo(same);
        }
        assertThat(line.value().get()).isEqualTo(dtos().summary(s, null, null, now));
        return line;
    }

    @Test
    void listed_sameInputsAndStatusText_equalVersions_eachChange_aNewVersionShowingIt() {
        networks.update(NET, network(Map.of()));
        Instant t0 = Instant.parse("2026-12-04T10:00:00Z");
        ContainerInfo started = info(t0);
        ContainerState running = new ContainerState.Running(started, 42, false);
        Versioned<ContainerSummary> v = assertListed(running, t0.plusSeconds(5), null, true);
        assertThat(v.value().get().status()).isEqualTo("Up 5 seconds");
        v = assertListed(running, t0.plusSeconds(5).plusMillis(500), v, true); // the same text: the same line
        v = assertListed(running, t0.plusSeconds(6), v, false);
        assertThat(v.value().get().status()).isEqualTo("Up 6 seconds");

        Instant now = t0.plusSeconds(6);
        networks.update(NET, network(Map.of(ID, new Endpoint(ID, "web", "172.30.0.2", "02:42:ac:1e:00:02", List.of(),
                List.of(new Endpoint.PortBinding("", 8080, 80, "tcp"))))));
        v = assertListed(running, now, v, false);
        assertThat(v.value().get().networkSettings().networks().get("front").ipAddress()).isEqualTo("172.30.0.2");
        assertThat(v.value().get().ports()).extracting(p -> p.publicPort()).containsExactly(8080);
        v = assertListed(running, now, v, true);

        healths.put(ID, ContainerHealth.starting());
        v = assertListed(running, now, v, false);
        assertThat(v.value().get().status()).isEqualTo("Up 6 seconds (health: starting)");

        ContainerState paused = new ContainerState.Running(started, 42, false, true, false);
        v = assertListed(paused, now, v, false);
        assertThat(v.value().get().status()).isEqualTo("Up 6 seconds (Paused)");
        v = assertListed(paused, now, v, true);
    }

    @Test
    void aContainerNeverStarted_isNotConnectedYet_noNetworkIdNorDnsNames_asDockerd() {
        networks.update(NET, network(Map.of()));
        var config = new ContainerConfig("busybox", "db.local", "", "", List.of(), List.of("sleep", "9"), List.of(), "/",
                Map.of(), List.of(), List.of(), false, false, null, null);
        ContainerInfo created = new ContainerInfo(ID, "web", Instant.EPOCH, "sha256:" + "a".repeat(64), List.of(), config,
                HostConfig.builder().build(), null, null, 0, false, "", 0,
                List.of(new NetworkRequest(NET, "front", "", List.of("api", "web"))));
        var before = dtos().inspect(new ContainerState.Created(created), null, null).networkSettings().networks().get("front");
        assertThat(before.networkId()).isEmpty();
        assertThat(before.dnsNames()).isNull();
        assertThat(dtos().summary(new ContainerState.Created(created), null, null).networkSettings().networks().get("front")
                .networkId()).isEmpty();

        ContainerInfo ran = new ContainerInfo(ID, "web", Instant.EPOCH, "sha256:" + "a".repeat(64), List.of(), config,
                HostConfig.builder().build(), Instant.EPOCH.plusSeconds(1), Instant.EPOCH.plusSeconds(2), 0, false, "", 0,
                created.networks());
        var after = dtos().inspect(new ContainerState.Stopped(ran, false), null, null).networkSettings().networks().get("front");
        assertThat(after.networkId()).isEqualTo(NET);
        // dockerd's order: the name, the aliases, the short id, the hostname, each once
        assertThat(after.dnsNames()).containsExactly("web", "api", ID.substring(0, 12), "db.local");
    }
}
