package dev.berth.actors.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.actors.TestEngine;
import dev.berth.actors.support.Ask;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.VolumeBind;
import dev.berth.persistence.container.NetworkRequest;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.StartFailedException;
import dev.berth.spi.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container workflows as a user sees them through {@link ContainerService}: real container
 * entities, name directory, image and network services and read models on Pekko's in-memory journal
 * (see {@link TestEngine}). The runtime is the only stand-in: {@link TestEngine.Processes} plays the
 * container's process (it ends when told to, or when signalled); runc itself is covered by the
 * driver's contract test and the daemon's integration tests.
 */
class ContainerServiceTest {
    private static final ActorTestKit KIT = ActorTestKit.create(TestEngine.config());
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataRoot;
    private TestEngine engine;
    private ContainerService service;
    private String imageId;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        engine = TestEngine.start(KIT, dataRoot);
        service = engine.containers;
        imageId = engine.importImage("example/app", "v1", "app");
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private static ContainerConfig config(String image, String... cmd) {
        return new ContainerConfig(image, null, null, null, null, List.of(cmd), null, null, null, null, null, false,
                false, null, null);
    }

    private static HostConfig host(String networkMode, boolean autoRemove) {
        return HostConfig.builder().networkMode(networkMode).autoRemove(autoRemove).build();
    }

    private String create(String name) {
        return service.create(name, config("example/app:v1", "sleep", "60"), HostConfig.defaults());
    }

    private static EngineException failure(Runnable action) {
        try {
            action.run();
        } catch (EngineException e) {
            return e;
        }
        throw new AssertionError("expected an EngineException");
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    // --- create ---

    private static HostConfig withBinds(String volumeDriver, String... binds) {
        List<VolumeBind> volumes = new ArrayList<>();
        for (String b : binds) {
            volumes.add((VolumeBind) BindMount.parseEntry(b));
        }
        return HostConfig.builder().volumes(volumes).volumeDriver(volumeDriver).build();
    }

    @Test
    void create_volumes_missingNamedMade_existingReused_volumesPathsAnonymous_allUsed() {
        engine.volumes.create("old", "", Map.of(), Map.of());
        var config = new ContainerConfig("example/app:v1", null, null, null, null, List.of("true"), null, null, null,
                null, List.of("/scratch", "/new"), false, false, null, null);

        String id = service.create("web", config, withBinds("", "new:/new:ro", "old:/old"));

        var mounted = service.get(id).info().hostConfig().volumes();
        assertThat(mounted).extracting(VolumeBind::target).containsExactly("/new", "/old", "/scratch");
        assertThat(mounted.get(0).readOnly()).isTrue();
        String anonymous = mounted.get(2).name();
        assertThat(anonymous).matches("[0-9a-f]{64}");
        for (String v : List.of("new", "old", anonymous)) {
            assertThat(engine.volumes.inspect(v).users()).containsExactly(id);
        }
        assertThat(engine.volumes.inspect(anonymous).config().anonymous()).isTrue();
    }

    @Test
    void create_volumeStepFails_volumesMadeRemoved_existingReleased_nothingLeft() {
        engine.volumes.create("old", "", Map.of(), Map.of());

        var e = failure(() -> service.create("web", config("example/app:v1", "true"),
                withBinds("", "old:/old", "made:/made", "/anon", "bad/name:/x")));

        assertThat(e.getMessage()).contains("\"bad/name\" includes invalid characters for a local volume name");
        assertThat(engine.volumes.list()).extracting(v -> v.config().name()).containsExactly("old");
        assertThat(engine.volumes.inspect("old").inUse()).isFalse();
        assertThat(engine.containerView.size()).isZero();
    }

    private static HostConfig volumesFrom(String... specs) {
        return HostConfig.builder().volumesFrom(List.of(specs)).build();
    }

    @Test
    void create_volumesFrom_sameTargetsAndVolumes_accessAsAsked() {
        var binds = withBinds("", "shared:/s");
        var source = HostConfig.builder().binds(List.of(BindMount.parse("/srv:/h"))).volumes(binds.volumes()).build();
        String from = service.create("src", config("example/app:v1", "true"), source);

        String id = service.create("consumer", config("example/app:v1", "true"), volumesFrom("src:ro"));

        var h = service.get(id).info().hostConfig();
        assertThat(h.volumes()).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("shared");
            assertThat(v.target()).isEqualTo("/s");
            assertThat(v.readOnly()).isTrue();
        });
        assertThat(h.binds()).singleElement().satisfies(b -> assertThat(b.readOnly()).isTrue());
        assertThat(engine.volumes.inspect("shared").users()).containsExactlyInAnyOrder(from, id);
        assertThat(h.volumesFrom()).containsExactly("src:ro");
    }

    @Test
    void create_volumesFrom_unknownContainerOrMode_400() {
        var missing = failure(() -> service.create("cc", config("example/app:v1", "true"), volumesFrom("nope")));
        assertThat(missing.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(missing.getMessage()).contains("nope");
        create("src");
        assertThat(failure(() -> service.create("cc", config("example/app:v1", "true"), volumesFrom("src:rx")))
                .getMessage()).isEqualTo("invalid mode for volumes-from: rx");
    }

    @Test
    void create_unknownVolumeDriver_notFoundWithDockersWords() {
        var e = failure(() -> service.create("web", config("example/app:v1", "true"), withBinds("nope", "v1:/v")));
        assertThat(e.getMessage()).isEqualTo("create v1: error looking up volume plugin nope: plugin \"nope\" not found");
        assertThat(engine.volumes.list()).isEmpty();
    }

    @Test
    void create_named_inspectableByNameAndIdPrefixAndCreatedInTheView() {
        String id = create("web");

        assertThat(service.get("web").info().id()).isEqualTo(id);
        assertThat(service.get("/web").info().id()).isEqualTo(id);
        assertThat(service.get(id.substring(0, 12)).info().id()).isEqualTo(id);
        ContainerState state = engine.containerView.get(id).orElseThrow();
        assertThat(state.status()).isEqualTo("created");
        assertThat(state.info().imageId()).isEqualTo(imageId);
        assertThat(state.info().networks()).extracting(NetworkRequest::networkName).containsExactly("bridge");
    }

    @Test
    void create_withoutName_generatedNameReserved() {
        String id = service.create(null, config("example/app:v1", "true"), HostConfig.defaults());

        String name = service.get(id).info().name();
        assertThat(name).matches("[a-z]+_[a-z]+[0-9]*");
        var taken = failure(() -> create(name));
        assertThat(taken.kind()).isEqualTo(ErrorKind.CONFLICT);
    }

    @Test
    void create_noCommandGiven_imageDefaultsMerged() {
        engine.importImage("example/shell", "latest", "shell", "CMD [\"/bin/sh\", \"-c\", \"true\"]", "ENV A=1");
        var config = new ContainerConfig("example/shell", null, null, null, List.of("B=2"), null, null, null, null,
                null, null, false, false, null, null);

        String id = service.create("shell", config, HostConfig.defaults());

        var merged = service.get(id).info().config();
        assertThat(merged.argv()).containsExactly("/bin/sh", "-c", "true");
        assertThat(merged.env()).contains("A=1", "B=2");
    }

    @Test
    void create_stopSignal_theUsersOverTheImages_noneGivenIsEmptyAndStopsWithTerm() {
        engine.importImage("example/quit", "latest", "quit", "CMD [\"sleep\", \"60\"]", "STOPSIGNAL SIGQUIT");
        var explicitTerm = new ContainerConfig("example/quit", null, null, null, null, null, null, null, null,
                null, null, false, false, "SIGTERM", null);
        assertThat(service.get(service.create("term", explicitTerm, HostConfig.defaults())).info().config().stopSignal())
                .isEqualTo("SIGTERM");
        assertThat(service.get(service.create("quit", config("example/quit"), HostConfig.defaults())).info().config()
                .stopSignal()).isEqualTo("SIGQUIT");
        String plain = create("plain");
        assertThat(service.get(plain).info().config().stopSignal()).isEmpty();
        service.start("plain");
        service.stop("plain", null, 10);
        assertThat(engine.runtime.signals).containsExactly(plain + ":15");
    }

    @Test
    void create_unknownStopSignal_dockerdsMessageAndNothingReserved() {
        var bad = new ContainerConfig("example/app:v1", null, null, null, null, List.of("true"), null, null, null,
                null, null, false, false, "SIGNOPE", null);
        var e = failure(() -> service.create("web", bad, HostConfig.defaults()));
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(e.getMessage()).isEqualTo("invalid signal: SIGNOPE");
        assertThat(engine.containerView.size()).isZero();
    }

    @Test
    void create_neitherCommandNorImageDefault_invalidAndNothingReserved() {
        var e = failure(() -> service.create("web", config("example/app:v1"), HostConfig.defaults()));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(e.getMessage()).isEqualTo("no command specified");
        assertThat(engine.containerView.size()).isZero();
        create("web");
    }

    @Test
    void create_emptyEntrypoint_resetsTheImagesEntrypointAndCommand() {
        engine.importImage("example/wrapped", "latest", "wrapped", "ENTRYPOINT [\"/bin/wrap\"]", "CMD [\"serve\"]");
        var reset = new ContainerConfig("example/wrapped", null, null, null, null, List.of("echo", "hi"), List.of(""),
                null, null, null, null, false, false, null, null);
        var config = service.get(service.create("reset", reset, HostConfig.defaults())).info().config();
        assertThat(config.entrypoint()).isEmpty();
        assertThat(config.argv()).containsExactly("echo", "hi");

        var resetOnly = new ContainerConfig("example/wrapped", null, null, null, null, null, List.of(""), null, null,
                null, null, false, false, null, null);
        var e = failure(() -> service.create("nothing", resetOnly, HostConfig.defaults()));
        assertThat(e.getMessage()).isEqualTo("no command specified");
    }

    @Test
    void create_missingImage_notFoundAndNothingReserved() {
        var e = failure(() -> service.create("web", config("nope", "true"), HostConfig.defaults()));

        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("No such image: nope:latest");
        assertThat(engine.containerView.size()).isZero();
        create("web");
    }

    @Test
    void create_unknownNetwork_invalidArgumentAndNameFree() {
        var e = failure(() -> service.create("web", config("example/app:v1", "true"), host("nosuchnet", false)));

        // Not a 404: the docker CLI answers a 404 from create by pulling the image.
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(e.getMessage()).isEqualTo("network nosuchnet not found");
        assertThat(engine.containerView.size()).isZero();
        create("web");
    }

    @Test
    void create_addressOnTheDefaultBridge_invalidAndNameFree() {
        var e = failure(() -> service.create("web", config("example/app:v1", "true"), HostConfig.defaults(),
                Map.of("bridge", new ContainerService.EndpointRequest("10.200.0.9", List.of()))));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(e.getMessage()).isEqualTo("user specified IP address is supported on user defined networks only");
        create("web");
    }

    @Test
    void create_userNetworkWithAddressAndAliases_journaledOnTheContainer() {
        var net = engine.networks.create("backend", null, "10.201.0.0/24", null, null, false, Map.of(), Map.of());

        String id = service.create("db", config("example/app:v1", "true"), host("backend", false),
                Map.of("backend", new ContainerService.EndpointRequest("10.201.0.7", List.of("database"))));

        assertThat(service.get(id).info().networks())
                .containsExactly(new NetworkRequest(net.id(), "backend", "10.201.0.7", List.of("database")));
    }

    @Test
    void create_takenName_conflictWithDockerWording() {
        String first = create("web");

        var e = failure(() -> create("web"));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(e.getMessage()).isEqualTo("Conflict. The container name \"/web\" is already in use by container \""
                + first + "\". You have to remove (or rename) that container to be able to reuse that name.");
        assertThat(engine.containerView.all()).extracting(s -> s.info().id()).containsExactly(first);
    }

    @Test
    void create_sameNameConcurrently_exactlyOneWins() throws Exception {
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            var go = new CountDownLatch(1);
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return create("web");
                }, pool));
            }
            go.countDown();
            List<String> won = new ArrayList<>();
            List<ErrorKind> lost = new ArrayList<>();
            for (var r : results) {
                try {
                    won.add(r.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
                } catch (ExecutionException e) {
                    lost.add(((EngineException) e.getCause()).kind());
                }
            }

            assertThat(won).hasSize(1);
            assertThat(lost).hasSize(racers - 1).containsOnly(ErrorKind.CONFLICT);
            assertThat(engine.containerView.all()).extracting(s -> s.info().id()).containsExactly(won.get(0));
            assertThat(service.get("web").info().id()).isEqualTo(won.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void create_entityCannotBeJournaled_nameReleased() {
        // The journal refuses the container's Created event: the entity stops without answering, so
        // the workflow's last step times out after the name was reserved.
        engine.journal().failNextNOpsCond((pid, op) -> pid.startsWith("container|") && op instanceof WriteEvents, 1);
        var impatient = new ContainerService(engine.containerRegistry, engine.names, engine.containerView,
                engine.images, engine.networkView, engine.volumes, new Ask(KIT.system(), Duration.ofMillis(300)));

        var e = LoggingTestKit.error("Failed to persist event").expect(KIT.system(),
                () -> failure(() -> impatient.create("web", config("example/app:v1", "true"), HostConfig.defaults())));

        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(engine.containerView.size()).isZero();
        String id = create("web");
        assertThat(service.get("web").info().id()).isEqualTo(id);
    }

    // --- lifecycle ---

    @Test
    void start_autoRemoveContainerExits_removedAndNameFree() throws Exception {
        String id = service.create("once", config("example/app:v1", "true"), host("default", true));
        CompletionStage<Integer> removed = service.await("once", WaitCondition.REMOVED);
        service.start("once");
        assertThat(service.get("once").status()).isEqualTo("running");

        engine.runtime.exit(id, 0);

        assertThat(await(removed)).isZero();
        assertThat(engine.containerView.get(id)).isEmpty();
        assertThat(engine.runtime.removed).contains(id);
        String again = service.create("once", config("example/app:v1", "true"), HostConfig.defaults());
        assertThat(service.get("once").info().id()).isEqualTo(again);
    }

    @Test
    void start_runtimeRefuses_errorAndExitedWithDockerCode() {
        create("web");
        engine.runtime.startError = StartFailedException.commandNotFound(
                "exec: \"nope\": executable file not found in $PATH");

        var e = failure(() -> service.start("web"));

        assertThat(e.getMessage()).contains("executable file not found");
        var state = service.get("web");
        assertThat(state.status()).isEqualTo("exited");
        assertThat(state.info().exitCode()).isEqualTo(127);
    }

    @Test
    void stop_running_signalledWithTheStopSignalAndExited() {
        String id = create("web");
        service.start("web");

        service.stop("web", null, 10);

        assertThat(engine.runtime.signals).containsExactly(id + ":15");
        var state = service.get("web");
        assertThat(state.status()).isEqualTo("exited");
        assertThat(state.info().exitCode()).isEqualTo(143);
    }

    @Test
    void stop_created_notModified() {
        create("web");

        assertThat(failure(() -> service.stop("web", null, 10)).kind()).isEqualTo(ErrorKind.NOT_MODIFIED);
    }

    @Test
    void rename_toTakenName_conflictWithDockerWordingAndOldNameKept() {
        String alpha = create("alpha");
        String beta = create("beta");

        var e = failure(() -> service.rename("alpha", "beta"));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(e.getMessage()).isEqualTo("Error when allocating new name: Conflict. The container name \"/beta\" is "
                + "already in use by container \"" + beta + "\". You have to remove (or rename) that container to be "
                + "able to reuse that name.");
        assertThat(service.get("alpha").info().id()).isEqualTo(alpha);
        assertThat(service.get("beta").info().id()).isEqualTo(beta);
    }

    @Test
    void rename_toFreeName_oldNameReleased() {
        String alpha = create("alpha");

        service.rename("alpha", "gamma");

        assertThat(service.get("gamma").info().id()).isEqualTo(alpha);
        assertThat(failure(() -> service.get("alpha")).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        String another = create("alpha");
        assertThat(service.get("alpha").info().id()).isEqualTo(another);
        assertThat(failure(() -> create("gamma")).kind()).isEqualTo(ErrorKind.CONFLICT);
    }

    @Test
    void rename_toSameName_invalid() {
        create("alpha");

        var e = failure(() -> service.rename("alpha", "/alpha"));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(e.getMessage()).isEqualTo("Renaming a container with the same name as its current name");
    }

    @Test
    void remove_runningWithoutForce_conflictWithDockerWording() {
        create("web");
        service.start("web");

        var e = failure(() -> service.remove("web", false));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(e.getMessage()).isEqualTo("cannot remove container \"/web\": container is running: stop the "
                + "container before removing or force remove");
        assertThat(service.get("web").status()).isEqualTo("running");
    }

    @Test
    void remove_runningWithForce_killedRemovedAndNameFree() {
        String id = create("web");
        service.start("web");

        service.remove("web", true);

        assertThat(engine.runtime.signals).containsExactly(id + ":9");
        assertThat(engine.containerView.get(id)).isEmpty();
        assertThat(failure(() -> service.get("web")).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        create("web");
    }

    @Test
    void remove_unknown_notFound() {
        var e = failure(() -> service.remove("ghost", false));

        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("No such container: ghost");
    }

    // --- await ---

    @Test
    void await_notRunningOnCreated_answersAtOnceWithZero() throws Exception {
        create("web");

        assertThat(await(service.await("web", WaitCondition.NOT_RUNNING))).isZero();
    }

    @Test
    void await_notRunningOnRunning_answersWhenItExits() throws Exception {
        String id = create("web");
        service.start("web");

        var exited = service.await("web", WaitCondition.NOT_RUNNING).toCompletableFuture();
        assertThat(exited).isNotDone();
        engine.runtime.exit(id, 5);

        assertThat(await(exited)).isEqualTo(5);
    }

    @Test
    void await_nextExitOnCreated_answersWithTheNextRunsExitCode() throws Exception {
        String id = create("web");

        var nextExit = service.await("web", WaitCondition.NEXT_EXIT).toCompletableFuture();
        // The entity answers in order: once a later wait is answered, an early answer would have been too.
        assertThat(await(service.await("web", WaitCondition.NOT_RUNNING))).isZero();
        assertThat(nextExit).isNotDone();
        service.start("web");
        engine.runtime.exit(id, 3);

        assertThat(await(nextExit)).isEqualTo(3);
    }

    @Test
    void await_removedOnExited_answersOnlyOnceRemoved() throws Exception {
        String id = create("web");
        service.start("web");
        engine.runtime.exit(id, 4);
        assertThat(await(service.await("web", WaitCondition.NOT_RUNNING))).isEqualTo(4);

        var removed = service.await("web", WaitCondition.REMOVED).toCompletableFuture();
        assertThat(await(service.await("web", WaitCondition.NOT_RUNNING))).isEqualTo(4);
        assertThat(removed).isNotDone();
        service.remove("web", false);

        assertThat(await(removed)).isEqualTo(4);
    }

    @Test
    void await_unknownContainer_notFoundAtOnce() {
        assertThatThrownBy(() -> service.await("ghost", WaitCondition.NOT_RUNNING))
                .isInstanceOf(EngineException.class)
                .hasMessage("No such container: ghost");
    }
}
