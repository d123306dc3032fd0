package dev.berth.actors.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.actors.TestEngine;
import dev.berth.actors.container.ImageUsers;
import dev.berth.image.Importer;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.HostConfig;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image lookups, tags and removal as a user sees them through {@link ImageService}: real image
 * entities, tag directory and read model on Pekko's in-memory journal, real content and layer stores
 * fed by {@code docker import} of a tiny root filesystem (see {@link TestEngine}). Containers that
 * use an image are made through the real container service; only their runtime is a stand-in
 * ({@link TestEngine.Processes}).
 */
class ImageServiceTest {
    private static final ActorTestKit KIT = ActorTestKit.create(TestEngine.config());
    private static final String DIGEST = "sha256:" + "d".repeat(64);

    @TempDir
    Path dataRoot;
    private TestEngine engine;
    private ImageService service;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        engine = TestEngine.start(KIT, dataRoot);
        service = engine.images;
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    /** Who uses an image, from the container read model, as the engine's images backend answers it. */
    private ImageService.Users users() {
        return new ImageUsers(engine.containerView);
    }

    private String container(String image) {
        var config = new ContainerConfig(image, null, null, null, null, List.of("sleep", "60"), null, null, null, null,
                null, false, false, null, null);
        return engine.containers.create("user", config, HostConfig.defaults());
    }

    private static String shortId(String imageId) {
        return imageId.substring(7, 19);
    }

    private static EngineException failure(Runnable action) {
        try {
            action.run();
        } catch (EngineException e) {
            return e;
        }
        throw new AssertionError("expected an EngineException");
    }

    // --- resolve ---

    @Test
    void resolve_importedWithTag_byTagShortIdFullIdAndBareHex() {
        String id = engine.importImage("example/app", "v1", "app");
        String hex = id.substring(7);

        assertThat(id).matches("sha256:[0-9a-f]{64}");
        assertThat(service.resolve("example/app:v1")).isEqualTo(id);
        assertThat(service.resolve("docker.io/example/app:v1")).isEqualTo(id);
        assertThat(service.resolve(id)).isEqualTo(id);
        assertThat(service.resolve(hex)).isEqualTo(id);
        assertThat(service.resolve(hex.substring(0, 12))).isEqualTo(id);
        assertThat(service.resolve("sha256:" + hex.substring(0, 12))).isEqualTo(id);
    }

    /** The import warm-up's entity call journals nothing: no image appears, and an import afterwards is as usual. */
    @Test
    void warmUpEntity_journalsNothing() {
        service.warmUpEntity();
        service.warmUpEntity();

        assertThat(service.view().all()).isEmpty();
        assertThat(service.find(ImageService.WARM_UP_ID)).isEmpty();
        String id = engine.importImage("example/app", "v1", "app");
        assertThat(service.view().all()).hasSize(1);
        assertThat(service.resolve("example/app:v1")).isEqualTo(id);
    }

    @Test
    void resolve_anotherTagOfTheRepository_notFoundWithTheFamiliarName() {
        engine.importImage("example/app", "v1", "app");

        var e = failure(() -> service.resolve("example/app"));

        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("No such image: example/app:latest");
    }

    @Test
    void resolve_malformedReference_invalidArgument() {
        assertThat(failure(() -> service.resolve("Example/App")).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void resolve_repoDigestAfterARecordedPull_theImage() {
        String id = engine.importImage("example/app", "v1", "app");

        service.recordPull(id, "example/app:v1", "example/app@" + DIGEST, "pull");

        assertThat(service.resolve("example/app@" + DIGEST)).isEqualTo(id);
        assertThat(service.resolve("docker.io/example/app@" + DIGEST)).isEqualTo(id);
        assertThat(service.get(id).repoDigests()).contains("example/app@" + DIGEST);
    }

    @Test
    void resolve_repoDigestPulledAgainAfterItsTagWasRemoved_theImage() {
        // Issue #8: rmi REPO:TAG (the image stays, another tag holds it), then pull REPO@sha256:… says
        // "up to date" (it records the pull again) and run REPO@sha256:… must find the image.
        String id = engine.importImage("example/app", "v1", "app");
        service.tag(id, "example/keep", "latest");
        service.recordPull(id, "example/app:v1", "example/app@" + DIGEST, "pull");
        assertThat(service.remove("example/app:v1", false, users()))
                .containsExactly(Map.entry("Untagged", "example/app:v1"));

        service.recordPull(id, "example/app@" + DIGEST, "example/app@" + DIGEST, "pull");

        assertThat(service.resolve("example/app@" + DIGEST)).isEqualTo(id);
        assertThat(failure(() -> service.resolve("example/app:v1")).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void resolve_digestOfAnotherRepository_notFound() {
        String id = engine.importImage("example/app", "v1", "app");
        service.recordPull(id, "example/app:v1", "example/app@" + DIGEST, "pull");

        assertThat(failure(() -> service.resolve("example/other@" + DIGEST)).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void config_freshServiceAfterARestart_readFromTheContentStore() {
        String id = engine.importImage("example/shell", "latest", "shell", "CMD [\"/bin/sh\"]", "ENV A=1");
        // What a restarted daemon has: the journal's read model and the stores, no cached configs.
        var restarted = new ImageService(engine.imageRegistry, engine.tags, engine.imageView, engine.content,
                new Importer(engine.content, engine.layers), engine.ask);

        var defaults = restarted.config(id).config();

        assertThat(defaults.cmd()).containsExactly("/bin/sh");
        assertThat(defaults.env()).contains("A=1");
    }

    // --- tag ---

    @Test
    void tag_referenceOfAnotherImage_movesAndTheOldImageStays() {
        String old = engine.importImage("example/app", "v1", "old");
        String fresh = engine.importImage(null, null, "new");

        service.tag(shortId(fresh), "example/app", "v1");

        assertThat(service.resolve("example/app:v1")).isEqualTo(fresh);
        assertThat(service.view().referencesOf(old)).isEmpty();
        assertThat(service.view().referencesOf(fresh)).containsExactly("docker.io/example/app:v1");
        assertThat(service.resolve(old)).isEqualTo(old);
    }

    @Test
    void tag_withoutTag_latest() {
        String id = engine.importImage(null, null, "app");

        service.tag(id, "example/app", null);

        assertThat(service.resolve("example/app:latest")).isEqualTo(id);
    }

    @Test
    void tag_digestReference_invalidAndNothingTagged() {
        String id = engine.importImage(null, null, "app");

        var e = failure(() -> service.tag(id, "example/app@" + DIGEST, null));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(e.getMessage()).isEqualTo("refusing to create a tag with a digest reference");
        assertThat(service.view().referencesOf(id)).isEmpty();
    }

    @Test
    void tag_unknownImage_notFound() {
        var e = failure(() -> service.tag("nope:v1", "example/app", "v1"));

        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("No such image: nope:v1");
    }

    // --- remove ---

    @Test
    void remove_oneOfTwoTags_untagsOnlyAndTheImageStays() {
        String id = engine.importImage("example/app", "v1", "app");
        service.tag(id, "example/app", "v2");

        var removed = service.remove("example/app:v1", false, users());

        assertThat(removed).containsExactly(Map.entry("Untagged", "example/app:v1"));
        assertThat(service.resolve("example/app:v2")).isEqualTo(id);
        assertThat(service.view().get(id)).isPresent();
    }

    @Test
    void remove_lastTag_untaggedAndDeleted() {
        String id = engine.importImage("example/app", "v1", "app");

        var removed = service.remove("example/app:v1", false, users());

        assertThat(removed).containsExactly(Map.entry("Untagged", "example/app:v1"), Map.entry("Deleted", id));
        assertThat(service.view().get(id)).isEmpty();
        assertThat(failure(() -> service.resolve(id)).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void remove_byIdWithTwoRepositories_conflictUnlessForced() {
        String id = engine.importImage("example/app", "v1", "app");
        service.tag(id, "example/other", "v1");

        var e = failure(() -> service.remove(shortId(id), false, users()));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(e.getMessage()).isEqualTo("conflict: unable to delete " + shortId(id)
                + " (must be forced) - image is referenced in multiple repositories");
        var forced = service.remove(shortId(id), true, users());
        assertThat(forced).containsExactlyInAnyOrder(Map.entry("Untagged", "example/app:v1"),
                Map.entry("Untagged", "example/other:v1"), Map.entry("Deleted", id));
        assertThat(service.view().get(id)).isEmpty();
    }

    @Test
    void remove_tagOfAnImageAStoppedContainerUses_conflictWithDockerWording() {
        String id = engine.importImage("example/app", "v1", "app");
        String user = container("example/app:v1");

        var e = failure(() -> service.remove("example/app:v1", false, users()));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(e.getMessage()).isEqualTo("conflict: unable to remove repository reference \"example/app:v1\" "
                + "(must force) - container " + user.substring(0, 12) + " is using its referenced image " + shortId(id));
        assertThat(service.resolve("example/app:v1")).isEqualTo(id);
    }

    @Test
    void remove_byIdOfAnImageAStoppedContainerUses_mustBeForcedAndForcedKeepsTheImage() {
        String id = engine.importImage("example/app", "v1", "app");
        String user = container("example/app:v1");

        var e = failure(() -> service.remove(id, false, users()));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(e.getMessage()).isEqualTo("conflict: unable to delete " + shortId(id)
                + " (must be forced) - image is being used by stopped container " + user.substring(0, 12));
        var forced = service.remove(id, true, users());
        assertThat(forced).containsExactly(Map.entry("Untagged", "example/app:v1"));
        assertThat(service.view().get(id)).isPresent();
        assertThat(engine.containers.get("user").info().imageId()).isEqualTo(id);
    }

    @Test
    void remove_imageARunningContainerUses_conflictEvenWhenForced() {
        String id = engine.importImage("example/app", "v1", "app");
        String user = container("example/app:v1");
        engine.containers.start("user");

        var e = failure(() -> service.remove(id, true, users()));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(e.getMessage()).isEqualTo("conflict: unable to delete " + shortId(id)
                + " (cannot be forced) - image is being used by running container " + user.substring(0, 12));
        assertThat(service.resolve("example/app:v1")).isEqualTo(id);
    }

    @Test
    void remove_unknown_notFound() {
        var e = failure(() -> service.remove("example/ghost:v1", false, users()));

        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("No such image: example/ghost:v1");
    }
}
