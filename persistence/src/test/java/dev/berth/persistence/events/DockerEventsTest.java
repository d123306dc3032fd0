package dev.berth.persistence.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.Samples;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.ImageState;
import dev.berth.persistence.image.TagEvent;
import dev.berth.persistence.names.NameEvent;
import dev.berth.persistence.network.NetworkEvent;
import dev.berth.persistence.network.NetworkState;
import dev.berth.persistence.volume.VolumeEvent;
import dev.berth.persistence.volume.VolumeState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerEventsTest {
    private static final String PID = "container|" + Samples.ID;
    private static final Instant STARTED = Instant.parse("2024-05-01T10:00:10Z");

    private static ContainerState created() {
        return ContainerState.empty().apply(Samples.created());
    }

    private static ContainerState running(boolean stopping) {
        ContainerState s = created().apply(new ContainerEvent.StartRequested(STARTED))
                .apply(new ContainerEvent.Started(STARTED, 42));
        return stopping ? s.apply(new ContainerEvent.StopRequested(STARTED, 15, 10)) : s;
    }

    private static List<String> actions(List<DockerEvent> events) {
        return events.stream().map(DockerEvent::action).toList();
    }

    @Test
    void map_created_isCreateWithImageNameAndLabels() {
        var events = DockerEvents.map(PID, 1, Samples.created(), ContainerState.empty());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("container");
            assertThat(e.action()).isEqualTo("create");
            assertThat(e.actorId()).isEqualTo(Samples.ID);
            assertThat(e.time()).isEqualTo(Samples.T0);
            assertThat(e.persistenceId()).isEqualTo(PID);
            assertThat(e.sequenceNr()).isEqualTo(1);
            assertThat(e.attributes()).isEqualTo(Map.of("image", "busybox", "name", "web",
                    "com.example.team", "infra", "com.docker.compose.project", "demo"));
        });
    }

    @Test
    void map_networkLifecycle_isCreateConnectDisconnectDestroy() {
        String pid = "network|" + Samples.network().id();
        var created = new NetworkEvent.Created(Samples.T0, Samples.network());
        var active = NetworkState.empty().apply(created);
        assertThat(DockerEvents.map(pid, 1, created, NetworkState.empty())).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("network");
            assertThat(e.action()).isEqualTo("create");
            assertThat(e.actorId()).isEqualTo(Samples.network().id());
            assertThat(e.attributes()).containsEntry("name", "backend").containsEntry("type", "bridge");
        });
        var joined = DockerEvents.map(pid, 2, new NetworkEvent.EndpointJoined(Samples.T1, Samples.endpoint()), active);
        assertThat(actions(joined)).containsExactly("connect");
        assertThat(joined.get(0).attributes()).containsEntry("container", Samples.ID);
        assertThat(actions(DockerEvents.map(pid, 3, new NetworkEvent.EndpointLeft(Samples.T2, Samples.ID), active)))
                .containsExactly("disconnect");
        assertThat(actions(DockerEvents.map(pid, 4, new NetworkEvent.Removed(Samples.T2), active)))
                .containsExactly("destroy");
    }

    @Test
    void map_defaultBridgeReaddressed_isNoDockerEvent_andTheStateTakesTheNewAddress() {
        String pid = "network|" + Samples.network().id();
        var active = NetworkState.empty().apply(new NetworkEvent.Created(Samples.T0, Samples.network()));
        var readdressed = new NetworkEvent.Readdressed(Samples.T2, "10.99.0.0/24", "10.99.0.1");
        assertThat(DockerEvents.map(pid, 2, readdressed, active)).isEmpty();
        assertThat(active.apply(readdressed)).isInstanceOfSatisfying(NetworkState.Active.class, a -> {
            assertThat(a.config().subnet()).isEqualTo("10.99.0.0/24");
            assertThat(a.config().gateway()).isEqualTo("10.99.0.1");
            assertThat(a.config().withAddress(Samples.network().subnet(), Samples.network().gateway()))
                    .isEqualTo(Samples.network());
        });
        // --ipv6 on the default bridge: the event carries the IPv6 pair; one without it (every event journaled before
        // IPv6) leaves the network without IPv6
        var with6 = new NetworkEvent.Readdressed(Samples.T2, "10.99.0.0/24", "10.99.0.1", "fd00:99::/64", "fd00:99::1");
        var six = active.apply(with6);
        assertThat(((NetworkState.Active) six).config().ipv6()).isTrue();
        assertThat(((NetworkState.Active) six).config().gateway6()).isEqualTo("fd00:99::1");
        assertThat(DockerEvents.map(pid, 3, with6, six)).isEmpty();
        assertThat(((NetworkState.Active) six.apply(readdressed)).config().ipv6()).isFalse();
    }

    @Test
    void map_volumeLifecycle_isCreateMountUnmountDestroyWithDockersAttributes() {
        String pid = "volume|pgdata";
        var created = new VolumeEvent.Created(Samples.T0, Samples.volume());
        var active = VolumeState.empty().apply(created);
        assertThat(DockerEvents.map(pid, 1, created, VolumeState.empty())).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("volume");
            assertThat(e.action()).isEqualTo("create");
            assertThat(e.actorId()).isEqualTo("pgdata");
            assertThat(e.attributes()).isEqualTo(Map.of("driver", "local"));
        });
        assertThat(DockerEvents.map(pid, 2, new VolumeEvent.Used(Samples.T1, Samples.ID), active)).isEmpty();
        var mounted = DockerEvents.map(pid, 3, new VolumeEvent.Mounted(Samples.T1, Samples.volumeMount()), active);
        assertThat(mounted).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("mount");
            assertThat(e.attributes()).isEqualTo(Map.of("driver", "local", "container", Samples.ID,
                    "destination", "/var/lib/postgresql/data", "read/write", "true", "propagation", ""));
        });
        var unmounted = DockerEvents.map(pid, 4, new VolumeEvent.Unmounted(Samples.T2, Samples.ID), active);
        assertThat(unmounted).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("unmount");
            assertThat(e.attributes()).isEqualTo(Map.of("driver", "local", "container", Samples.ID));
        });
        assertThat(actions(DockerEvents.map(pid, 5, new VolumeEvent.Removed(Samples.T2), active)))
                .containsExactly("destroy");
        assertThat(DockerEvents.map(pid, 6, new VolumeEvent.Removed(Samples.T2), VolumeState.empty())).isEmpty();
    }

    @Test
    void map_exited_isDieWithExitCodeAndExecDuration() {
        var events = DockerEvents.map(PID, 5, new ContainerEvent.Exited(STARTED.plusMillis(7900), 3, false),
                running(false));
        assertThat(actions(events)).containsExactly("die");
        assertThat(events.get(0).attributes()).containsEntry("exitCode", "3").containsEntry("execDuration", "7")
                .containsEntry("name", "web").containsEntry("image", "busybox");
    }

    @Test
    void map_exitedAfterStopRequested_isDieThenStop() {
        var events = DockerEvents.map(PID, 6, new ContainerEvent.Exited(STARTED.plusSeconds(2), 143, false),
                running(true));
        assertThat(actions(events)).containsExactly("die", "stop");
        assertThat(events.get(0).attributes()).containsEntry("exitCode", "143");
        assertThat(events.get(1).attributes()).doesNotContainKey("exitCode").containsEntry("name", "web");
    }

    @Test
    void map_exitedOomKilled_isOomBeforeDie() {
        var events = DockerEvents.map(PID, 6, new ContainerEvent.Exited(STARTED, 137, true), running(false));
        assertThat(actions(events)).containsExactly("oom", "die");
    }

    @Test
    void map_exitedWhileStarting_hasZeroExecDuration() {
        var starting = created().apply(new ContainerEvent.StartRequested(STARTED));
        var events = DockerEvents.map(PID, 3, new ContainerEvent.Exited(STARTED.plusSeconds(9), 1, false), starting);
        assertThat(events.get(0).attributes()).containsEntry("execDuration", "0");
    }

    @Test
    void map_signalAndStop_areKillWithSignal() {
        assertThat(DockerEvents.map(PID, 4, new ContainerEvent.SignalSent(STARTED, 9), running(false)))
                .singleElement().satisfies(e -> {
                    assertThat(e.action()).isEqualTo("kill");
                    assertThat(e.attributes()).containsEntry("signal", "9");
                });
        assertThat(DockerEvents.map(PID, 4, new ContainerEvent.StopRequested(STARTED, 15, 10), running(false)))
                .singleElement().satisfies(e -> assertThat(e.attributes()).containsEntry("signal", "15"));
    }

    @Test
    void map_renamed_isRenameWithNewNameAndOldName() {
        var events = DockerEvents.map(PID, 2, new ContainerEvent.Renamed(STARTED, "web", "api"), created());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("rename");
            assertThat(e.attributes()).containsEntry("name", "api").containsEntry("oldName", "/web");
        });
    }

    @Test
    void map_execEvents_areDockersExecCreateStartDie() {
        String exec = "e1";
        var create = DockerEvents.map(PID, 5, new ContainerEvent.ExecCreated(STARTED, exec, List.of("sh", "-c", "exit 3")), running(false));
        var start = DockerEvents.map(PID, 6, new ContainerEvent.ExecStarted(STARTED, exec, List.of("true")), running(false));
        var die = DockerEvents.map(PID, 7, new ContainerEvent.ExecDied(STARTED, exec, 3), running(false));
        assertThat(create).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("container");
            assertThat(e.action()).isEqualTo("exec_create: sh -c exit 3");
            assertThat(e.actorId()).isEqualTo(Samples.ID);
            assertThat(e.attributes()).containsEntry("execID", exec).containsEntry("name", "web")
                    .containsEntry("image", "busybox").containsEntry("com.example.team", "infra");
        });
        // dockerd joins entrypoint and arguments with a space: a bare program keeps it
        assertThat(actions(start)).containsExactly("exec_start: true ");
        assertThat(die).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("exec_die");
            assertThat(e.attributes()).containsEntry("execID", exec).containsEntry("exitCode", "3");
        });
    }

    @Test
    void map_execEvents_leaveTheStateAlone() {
        ContainerState running = running(false);
        assertThat(running.apply(new ContainerEvent.ExecCreated(STARTED, "e", List.of("ls")))).isEqualTo(running);
        assertThat(running.apply(new ContainerEvent.ExecDied(STARTED, "e", 0))).isEqualTo(running);
    }

    @Test
    void map_copies_areArchivePathAndExtractToDir() {
        assertThat(actions(DockerEvents.map(PID, 3, new ContainerEvent.ArchiveRead(STARTED), created())))
                .containsExactly("archive-path");
        assertThat(actions(DockerEvents.map(PID, 4, new ContainerEvent.ArchiveExtracted(STARTED), created())))
                .containsExactly("extract-to-dir");
    }

    @Test
    void map_removed_isDestroy() {
        assertThat(actions(DockerEvents.map(PID, 9, new ContainerEvent.Removed(STARTED), created())))
                .containsExactly("destroy");
    }

    @Test
    void map_startRequestedAndStartFailed_areNothing() {
        assertThat(DockerEvents.map(PID, 2, new ContainerEvent.StartRequested(STARTED), created())).isEmpty();
        var starting = created().apply(new ContainerEvent.StartRequested(STARTED));
        assertThat(DockerEvents.map(PID, 3, new ContainerEvent.StartFailed(STARTED, "no", 127), starting)).isEmpty();
    }

    @Test
    void map_labelNamedImage_doesNotOverrideImage() {
        var created = new ContainerEvent.Created(Samples.T0, Samples.ID, "web", Samples.IMAGE_ID, List.of(),
                new dev.berth.persistence.container.ContainerConfig("busybox", null, null, null, null, null, null,
                        null, Map.of("image", "evil", "name", "evil"), null, null, false, false, null, null),
                Samples.hostConfig(), List.of());
        assertThat(DockerEvents.map(PID, 1, created, null).get(0).attributes())
                .containsEntry("image", "busybox").containsEntry("name", "web");
    }

    @Test
    void map_imageImported_isImportNamedById() {
        var events = DockerEvents.map("image|" + Samples.IMAGE_ID, 1, Samples.stored(), ImageState.empty());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("image");
            assertThat(e.action()).isEqualTo("import");
            assertThat(e.actorId()).isEqualTo(Samples.IMAGE_ID);
            assertThat(e.attributes()).containsEntry("name", Samples.IMAGE_ID).containsEntry("maintainer", "berth");
        });
    }

    @Test
    void map_imagePulled_isNothing() {
        var s = Samples.stored();
        var pulled = new ImageEvent.Stored(s.at(), s.id(), "pull", s.created(), s.architecture(), s.os(), s.layers(),
                s.size(), s.labels());
        assertThat(DockerEvents.map("image|" + s.id(), 1, pulled, null)).isEmpty();
    }

    @Test
    void map_imagePulledEvent_isPullNamedByReference() {
        var events = DockerEvents.map("image|" + Samples.IMAGE_ID, 2,
                new ImageEvent.Pulled(STARTED, "busybox:latest", "busybox@sha256:ab", null),
                new ImageState.Present(Samples.stored()));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("image");
            assertThat(e.action()).isEqualTo("pull");
            assertThat(e.actorId()).isEqualTo("busybox:latest");
            assertThat(e.attributes()).containsEntry("name", "busybox:latest").containsEntry("maintainer", "berth");
        });
    }

    @Test
    void map_imageRemoved_isDeleteNamedById() {
        var events = DockerEvents.map("image|" + Samples.IMAGE_ID, 2, new ImageEvent.Removed(STARTED),
                new ImageState.Present(Samples.stored()));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("delete");
            assertThat(e.actorId()).isEqualTo(Samples.IMAGE_ID);
            assertThat(e.attributes()).containsEntry("name", Samples.IMAGE_ID);
        });
    }

    @Test
    void map_tagged_isTagWithFamiliarName() {
        var events = DockerEvents.map("image-tags", 7,
                new TagEvent.Tagged(STARTED, "docker.io/library/busybox:latest", Samples.IMAGE_ID,
                        Samples.OTHER_IMAGE_ID), null);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("image");
            assertThat(e.action()).isEqualTo("tag");
            assertThat(e.actorId()).isEqualTo(Samples.IMAGE_ID);
            assertThat(e.attributes()).isEqualTo(Map.of("name", "busybox:latest"));
        });
    }

    @Test
    void map_untagged_isUntagWithFamiliarName() {
        var events = DockerEvents.map("image-tags", 8,
                new TagEvent.Untagged(STARTED, "docker.io/team/app:1", Samples.IMAGE_ID), null);
        assertThat(actions(events)).containsExactly("untag");
        assertThat(events.get(0).attributes()).containsEntry("name", "team/app:1");
    }

    @Test
    void familiar_references_stripDockerHubPrefixes() {
        assertThat(DockerEvents.familiar("docker.io/library/busybox:latest")).isEqualTo("busybox:latest");
        assertThat(DockerEvents.familiar("docker.io/team/app@sha256:ab")).isEqualTo("team/app@sha256:ab");
        assertThat(DockerEvents.familiar("ghcr.io/team/app:1")).isEqualTo("ghcr.io/team/app:1");
    }

    @Test
    void map_nameEvent_isNothing() {
        assertThat(DockerEvents.map("container-names", 1, new NameEvent.Reserved(STARTED, "web", Samples.ID), null))
                .isEmpty();
    }
}
