package dev.berth.actors.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.actors.TestEngine;
import dev.berth.persistence.volume.VolumeState;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeServiceTest {
    private static final ActorTestKit KIT = ActorTestKit.create("volumes", TestEngine.config());

    @TempDir
    Path dataRoot;
    private TestEngine engine;
    private VolumeService volumes;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void start() {
        engine = TestEngine.start(KIT, dataRoot);
        volumes = engine.volumes;
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private static void assertError(Runnable call, ErrorKind kind, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(EngineException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void create_makesTheDriversDirectory_andListsIt() {
        VolumeState.Active v = volumes.create("data", "", Map.of("size", "10"), Map.of("team", "db"));
        assertThat(v.config().driver()).isEqualTo("local");
        assertThat(v.config().anonymous()).isFalse();
        assertThat(Files.isDirectory(dataRoot.resolve("volumes/data"))).isTrue();
        assertThat(volumes.mountpoint(v.config())).isEqualTo(dataRoot.resolve("volumes/data").toString());
        assertThat(volumes.list()).extracting(a -> a.config().name()).containsExactly("data");
        assertThat(volumes.inspect("data").config().labels()).containsEntry("team", "db");
    }

    @Test
    void create_sameNameAgain_isTheSameVolume() {
        VolumeState.Active first = volumes.create("data", "local", Map.of(), Map.of());
        assertThat(volumes.create("data", "local", Map.of(), Map.of())).isEqualTo(first);
        assertThat(engine.volumeDriver.calls).containsExactly("create data");
    }

    @Test
    void create_noName_isAnonymousWithRandomHexNameAndDockersLabel() {
        VolumeState.Active v = volumes.create("", null, Map.of(), Map.of());
        assertThat(v.config().name()).matches("[0-9a-f]{64}");
        assertThat(v.config().anonymous()).isTrue();
        assertThat(v.config().labels()).containsEntry("com.docker.volume.anonymous", "");
    }

    @Test
    void create_badNames_areRefusedWithDockersWording_andNothingIsMade() {
        assertError(() -> volumes.create("a", "", Map.of(), Map.of()), ErrorKind.INVALID_ARGUMENT,
                "create a: volume name is too short, names should be at least two alphanumeric characters");
        assertError(() -> volumes.create("a/b", "", Map.of(), Map.of()), ErrorKind.INVALID_ARGUMENT,
                "create a/b: \"a/b\" includes invalid characters for a local volume name, only "
                        + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
        assertError(() -> volumes.create("_x", "", Map.of(), Map.of()), ErrorKind.INVALID_ARGUMENT,
                "create _x: \"_x\" includes invalid characters for a local volume name, only "
                        + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
        assertThat(engine.volumeDriver.calls).isEmpty();
        assertThat(volumes.list()).isEmpty();
    }

    @Test
    void create_unknownDriver_isDockersPluginNotFound() {
        assertError(() -> volumes.create("data", "nosuch", Map.of(), Map.of()), ErrorKind.NOT_FOUND,
                "create data: error looking up volume plugin nosuch: plugin \"nosuch\" not found");
        assertThat(volumes.list()).isEmpty();
    }

    @Test
    void create_optionsTheDriverRefuses_journalNothing() {
        assertError(() -> volumes.create("data", "local", Map.of("bogus", "1"), Map.of()), ErrorKind.INVALID_ARGUMENT,
                "create data: invalid option key: \"bogus\"");
        assertThat(volumes.list()).isEmpty();
        assertThat(Files.exists(dataRoot.resolve("volumes/data"))).isFalse();
        assertError(() -> volumes.inspect("data"), ErrorKind.NOT_FOUND, "get data: no such volume");
    }

    @Test
    void create_journalFails_driverStorageIsRemovedAgain() {
        engine.journal().failNextPersisted();
        assertThatThrownBy(() -> volumes.create("data", "local", Map.of(), Map.of()));
        assertThat(Files.exists(dataRoot.resolve("volumes/data"))).isFalse();
        assertThat(volumes.list()).isEmpty();
    }

    @Test
    void remove_deletesTheData_unknownIs404_unlessForced() throws Exception {
        volumes.create("data", "", Map.of(), Map.of());
        Files.writeString(dataRoot.resolve("volumes/data/file"), "x");
        volumes.remove("data", false);
        assertThat(Files.exists(dataRoot.resolve("volumes/data"))).isFalse();
        assertThat(volumes.list()).isEmpty();
        assertError(() -> volumes.remove("data", false), ErrorKind.NOT_FOUND, "get data: no such volume");
        volumes.remove("data", true);
    }

    @Test
    void remove_inUse_isConflict_evenForced_andTheDataStays() {
        volumes.create("data", "", Map.of(), Map.of());
        volumes.use("data", "c1");
        assertError(() -> volumes.remove("data", true), ErrorKind.CONFLICT, "remove data: volume is in use - [c1]");
        assertThat(Files.isDirectory(dataRoot.resolve("volumes/data"))).isTrue();
        volumes.release("data", "c1");
        volumes.remove("data", false);
    }

    @Test
    void mount_journalsThenDriverMounts_unmountReleases() {
        volumes.create("data", "", Map.of(), Map.of());
        Path path = volumes.mount("data", "c1", "/srv", true, "");
        assertThat(path).isEqualTo(dataRoot.resolve("volumes/data"));
        assertThat(engine.volumeDriver.mounted).containsExactly("data c1");
        assertThat(volumes.inspect("data").mounts()).containsOnlyKeys("c1");
        assertThat(volumes.inspect("data").users()).containsExactly("c1");
        volumes.unmount("data", "c1");
        assertThat(engine.volumeDriver.mounted).isEmpty();
        assertThat(volumes.inspect("data").mounts()).isEmpty();
        // Still referred to by the (stopped) container until it is removed.
        assertThat(volumes.inspect("data").inUse()).isTrue();
    }

    @Test
    void mount_unknownVolume_isNoSuchVolume() {
        assertError(() -> volumes.mount("nope", "c1", "/srv", true, ""), ErrorKind.NOT_FOUND, "get nope: no such volume");
    }

    @Test
    void prune_onlyUnusedAnonymous_unlessAll_andByLabel() throws Exception {
        var anon = volumes.create("", "", Map.of(), Map.of()).config().name();
        var usedAnon = volumes.create("", "", Map.of(), Map.of()).config().name();
        volumes.use(usedAnon, "c1");
        volumes.create("named", "", Map.of(), Map.of("keep", "yes"));
        volumes.create("other", "", Map.of(), Map.of());
        Files.writeString(dataRoot.resolve("volumes/" + anon + "/f"), "12345");

        VolumeService.Pruned pruned = volumes.prune(false, c -> true);
        assertThat(pruned.names()).containsExactly(anon);
        assertThat(pruned.bytes()).isEqualTo(5);

        pruned = volumes.prune(true, c -> !c.labels().containsKey("keep"));
        assertThat(pruned.names()).containsExactly("other");
        assertThat(volumes.list()).extracting(v -> v.config().name()).containsExactlyInAnyOrder(usedAnon, "named");
    }

    @Test
    void restore_tellsTheDriverItsVolumes_andForgetsMountsOfContainersNotRunning() {
        volumes.create("data", "", Map.of("size", "1"), Map.of());
        volumes.create("idle", "", Map.of(), Map.of());
        volumes.mount("data", "alive", "/a", true, "");
        volumes.mount("data", "dead", "/a", true, "");
        volumes.restore(id -> id.equals("alive"), id -> true);
        assertThat(engine.volumeDriver.restoredVolumes).isEqualTo(Map.of("data", Map.of("size", "1"), "idle", Map.of()));
        assertThat(engine.volumeDriver.restoredMounts).isEqualTo(Map.of("data", List.of("alive")));
        assertThat(volumes.inspect("data").mounts()).containsOnlyKeys("alive");
        // A container that stopped while the daemon was down still refers to the volume.
        assertThat(volumes.inspect("data").users()).containsExactlyInAnyOrder("alive", "dead");
    }

    @Test
    void restore_releasesUsersThatAreNoContainer() {
        volumes.create("data", "", Map.of(), Map.of());
        volumes.use("data", "never-created");
        volumes.use("data", "exists");
        volumes.restore(id -> false, id -> id.equals("exists"));
        assertThat(volumes.inspect("data").users()).containsExactly("exists");
    }

    @Test
    void releaseAll_withRemoveAnonymous_removesOnlyTheContainersUnsharedAnonymousVolumes() {
        String anon = volumes.create("", "", Map.of(), Map.of()).config().name();
        String shared = volumes.create("", "", Map.of(), Map.of()).config().name();
        volumes.create("named", "", Map.of(), Map.of());
        for (String v : List.of(anon, shared, "named")) {
            volumes.use(v, "c1");
        }
        volumes.use(shared, "c2");
        volumes.mount(anon, "c1", "/a", true, "");
        volumes.releaseAll("c1", true);
        assertThat(volumes.list()).extracting(v -> v.config().name()).containsExactlyInAnyOrder(shared, "named");
        assertThat(volumes.inspect("named").inUse()).isFalse();
        assertThat(volumes.inspect(shared).users()).containsExactly("c2");
    }

    @Test
    void releaseAll_withoutRemoveAnonymous_keepsThem() {
        String anon = volumes.create("", "", Map.of(), Map.of()).config().name();
        volumes.use(anon, "c1");
        volumes.releaseAll("c1", false);
        assertThat(volumes.inspect(anon).inUse()).isFalse();
    }

    @Test
    void unmountAll_unmountsEveryVolumeTheContainerMounted_keepsItsUse() {
        volumes.create("a1", "", Map.of(), Map.of());
        volumes.create("b1", "", Map.of(), Map.of());
        volumes.use("a1", "c1");
        volumes.mount("a1", "c1", "/a", true, "");
        volumes.mount("b1", "c1", "/b", true, "");
        volumes.unmountAll("c1");
        assertThat(volumes.inspect("a1").mounts()).isEmpty();
        assertThat(volumes.inspect("b1").mounts()).isEmpty();
        assertThat(volumes.inspect("a1").users()).containsExactly("c1");
    }

    @Test
    void liveEvents_areDockersVolumeEvents_inJournalOrder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = engine.live.subscribe(e -> seen.add(e.type() + " " + e.action() + " " + e.actorId() + " "
                + e.attributes()))) {
            volumes.create("data", "", Map.of(), Map.of());
            volumes.use("data", "c1");
            volumes.mount("data", "c1", "/srv", false, "rprivate");
            volumes.unmount("data", "c1");
            volumes.release("data", "c1");
            volumes.remove("data", false);
        }
        assertThat(seen).containsExactly(
                "volume create data {driver=local}",
                "volume mount data {container=c1, destination=/srv, driver=local, propagation=rprivate, read/write=false}",
                "volume unmount data {container=c1, driver=local}",
                "volume destroy data {driver=local}");
    }
}
