package dev.berth.actors.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.runtime.NamespaceOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --pid/--ipc container:X resolved at start with dockerd's checks, words and kinds. */
class NamespaceJoinsTest {
    private static final Path CONTAINERS = Path.of("/var/lib/berth/containers");
    private final ContainerView view = new ContainerView();
    private final NamespaceJoins joins = new NamespaceJoins(view, CONTAINERS);

    private static ContainerInfo info(String id, String name, HostConfig h) {
        var config = new ContainerConfig("busybox", "", "", "", List.of(), List.of("true"), List.of(), "/", Map.of(),
                List.of(), List.of(), false, false, null, null);
        return new ContainerInfo(id.repeat(64), name, Instant.EPOCH, "sha256:" + "a".repeat(64), List.of(), config, h,
                null, null, 0, false, "", 0, List.of());
    }

    private void running(String id, String name, String ipcMode, int pid) {
        var i = info(id, name, HostConfig.builder().ipcMode(ipcMode).build());
        view.update(i.id(), new ContainerState.Running(i, pid, false, false));
    }

    private static HostConfig joining(String ipc, String pid) {
        return HostConfig.builder().ipcMode(ipc).pidMode(pid).build();
    }

    @Test
    void resolve_runningDonors_theirNamespaceFilesAndSharedMemory() {
        running("a", "shared", "shareable", 100);
        running("b", "hostipc", "host", 200);
        running("c", "chained", "container:shared", 300);
        NamespaceOptions o = joins.resolve(joining("container:shared", "container:hostipc"));
        assertThat(o.pidNamespace()).isEqualTo(Path.of("/proc/200/ns/pid"));
        assertThat(o.ipcNamespace()).isEqualTo(Path.of("/proc/100/ns/ipc"));
        assertThat(o.shm()).isEqualTo(CONTAINERS.resolve("a".repeat(64)).resolve("shm"));
        assertThat(joins.resolve(joining("container:hostipc", null)).shm()).isEqualTo(Path.of("/dev/shm"));
        assertThat(joins.resolve(joining("container:chained", null)).shm())
                .isEqualTo(CONTAINERS.resolve("a".repeat(64)).resolve("shm"));
        assertThat(joins.resolve(joining("shareable", null)).sharedShm()).isTrue();
        assertThat(joins.resolve(joining("private", null))).isEqualTo(NamespaceOptions.NONE);
    }

    @Test
    void resolve_missingStoppedOrPrivateDonor_dockerdsWordsAndKinds() {
        running("a", "private", "private", 100);
        var stopped = info("d", "stopped", HostConfig.builder().ipcMode("shareable").build());
        view.update(stopped.id(), new ContainerState.Stopped(stopped, false));
        assertThatThrownBy(() -> joins.resolve(joining(null, "container:ghost")))
                .hasMessage("failed to join PID namespace: No such container: ghost")
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThatThrownBy(() -> joins.resolve(joining(null, "container:stopped")))
                .hasMessage("failed to join PID namespace: container stopped is not running")
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThatThrownBy(() -> joins.resolve(joining("container:ghost", null)))
                .hasMessage("No such container: ghost");
        assertThatThrownBy(() -> joins.resolve(joining("container:stopped", null)))
                .hasMessage("container stopped is not running");
        assertThatThrownBy(() -> joins.resolve(joining("container:private", null)))
                .hasMessage("container private: non-shareable IPC (hint: use IpcMode:shareable for the donor container)")
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void resolve_networkContainer_donorsNetnsFilesAndName_orDockerdsErrors() {
        running("a", "web", "private", 100);
        var stopped = info("d", "gone", HostConfig.defaults());
        view.update(stopped.id(), new ContainerState.Stopped(stopped, false));
        var r = joins.resolve("e".repeat(64), HostConfig.builder().networkMode("container:web").build());
        assertThat(r.netNamespace()).isEqualTo(Path.of("/proc/100/ns/net"));
        assertThat(r.netDonor().name()).isEqualTo("web");
        assertThat(r.options().etcFrom()).isEqualTo(CONTAINERS.resolve("a".repeat(64)));
        assertThat(joins.resolve("e".repeat(64), HostConfig.defaults()).netNamespace()).isNull();
        assertThatThrownBy(() -> joins.resolve("e".repeat(64), HostConfig.builder().networkMode("container:ghost").build()))
                .hasMessage("joining network namespace of container: No such container: ghost")
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThatThrownBy(() -> joins.resolve("e".repeat(64), HostConfig.builder().networkMode("container:gone").build()))
                .hasMessage("cannot join network namespace of a non running container: container gone is exited")
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThatThrownBy(() -> joins.resolve("a".repeat(64), HostConfig.builder().networkMode("container:web").build()))
                .hasMessage("cannot join own network namespace");
    }

    @Test
    void checkNetworkMode_containerForm_dockerdsConflicts() {
        var plain = new ContainerConfig("busybox", "", "", "", List.of(), List.of("true"), List.of(), "/", Map.of(),
                List.of(), List.of(), false, false, null, null);
        var named = new ContainerConfig("busybox", "box", "", "", List.of(), List.of("true"), List.of(), "/", Map.of(),
                List.of(), List.of(), false, false, null, null);
        var exposing = new ContainerConfig("busybox", "", "", "", List.of(), List.of("true"), List.of(), "/", Map.of(),
                List.of("80/tcp"), List.of(), false, false, null, null);
        NamespaceJoins.checkNetworkMode(plain, HostConfig.builder().networkMode("container:web").build());
        NamespaceJoins.checkNetworkMode(named, HostConfig.builder().networkMode("bridge").build());
        assertThatThrownBy(() -> NamespaceJoins.checkNetworkMode(plain, HostConfig.builder().networkMode("container:").build()))
                .hasMessage("Invalid network mode: invalid container format container:<name|id>");
        assertThatThrownBy(() -> NamespaceJoins.checkNetworkMode(named, HostConfig.builder().networkMode("container:web").build()))
                .hasMessage("conflicting options: hostname and the network mode");
        assertThatThrownBy(() -> NamespaceJoins.checkNetworkMode(plain,
                HostConfig.builder().networkMode("container:web").dns(List.of("1.1.1.1")).build()))
                .hasMessage("conflicting options: dns and the network mode");
        assertThatThrownBy(() -> NamespaceJoins.checkNetworkMode(plain,
                HostConfig.builder().networkMode("container:web").extraHosts(List.of("a:1.2.3.4")).build()))
                .hasMessage("conflicting options: custom host-to-IP mapping and the network mode");
        assertThatThrownBy(() -> NamespaceJoins.checkNetworkMode(plain,
                HostConfig.builder().networkMode("container:web").publishAllPorts(true).build()))
                .hasMessage("conflicting options: port publishing and the container type network mode");
        assertThatThrownBy(() -> NamespaceJoins.checkNetworkMode(exposing, HostConfig.builder().networkMode("container:web").build()))
                .hasMessage("conflicting options: port exposing and the container type network mode");
    }

    @Test
    void legacyLinks_check_existingChildOnTheDefaultBridge_elseDockerdsWords() {
        running("a", "db", "private", 100);
        var hostNet = info("h", "hostnet", HostConfig.builder().networkMode("host").build());
        view.update(hostNet.id(), new ContainerState.Running(hostNet, 5, false, false));
        var links = List.of(dev.berth.persistence.container.Link.parse("db:data"));
        LegacyLinks.check(HostConfig.builder().links(links).build(), view);
        LegacyLinks.check(HostConfig.builder().networkMode("bridge").links(links).build(), view);
        assertThatThrownBy(() -> LegacyLinks.check(HostConfig.builder()
                .links(List.of(dev.berth.persistence.container.Link.parse("ghost"))).build(), view))
                .hasMessage("could not get container for ghost: No such container: ghost");
        assertThatThrownBy(() -> LegacyLinks.check(HostConfig.builder()
                .links(List.of(dev.berth.persistence.container.Link.parse("hostnet"))).build(), view))
                .hasMessage("conflicting options: host type networking can't be used with links. "
                        + "This would result in undefined behavior");
        // On a user-defined network a link is a name resolved at run time: dockerd checks nothing at create.
        LegacyLinks.check(HostConfig.builder().networkMode("mynet")
                .links(List.of(dev.berth.persistence.container.Link.parse("ghost"))).build(), view);
    }

    @Test
    void macs_goForms_normalized_othersAndHostNetworkRefusedWithDockerdsWords() {
        assertThat(Macs.check("92:D0:C6:0A:29:33", false)).isEqualTo("92:d0:c6:0a:29:33");
        assertThat(Macs.check("92-d0-c6-0a-29-33", false)).isEqualTo("92:d0:c6:0a:29:33");
        assertThat(Macs.check("92d0.c60a.2933", false)).isEqualTo("92:d0:c6:0a:29:33");
        assertThat(Macs.check("", true)).isEmpty();
        assertThatThrownBy(() -> Macs.check("92:d0:c6", false)).hasMessage("invalid MAC address 92:d0:c6");
        assertThatThrownBy(() -> Macs.check("92:d0:c6:0a:29:33", true))
                .hasMessage("conflicting options: mac-address and the network mode");
    }
}
