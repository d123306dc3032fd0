package dev.berth.actors.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.actors.support.Done;
import dev.berth.actors.support.LiveEvents;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.events.DockerEvent;
import dev.berth.persistence.image.TagEvent;
import dev.berth.persistence.image.TagState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tag directory through the shared journaling piece: journal, then read model, then live events. */
class ImageTagsTest {
    private static final ActorTestKit KIT = ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    private static final String IMAGE_A = "sha256:" + "a".repeat(64);
    private static final String IMAGE_B = "sha256:" + "b".repeat(64);
    private static final String REF = "docker.io/library/busybox:latest";

    private final ImageView view = new ImageView();
    private final LiveEvents live = new LiveEvents();
    private final List<Optional<String>> viewWhenPublished = new CopyOnWriteArrayList<>();
    private final List<DockerEvent> published = new CopyOnWriteArrayList<>();
    private EventSourcedBehaviorTestKit<TagCommand, TagEvent, TagState> kit;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        live.subscribe(e -> {
            viewWhenPublished.add(view.byReference(REF));
            published.add(e);
        });
        // Commands stay in-process (never serialized); events and states are checked as the journal stores them.
        kit = EventSourcedBehaviorTestKit.create(KIT.system(), ImageTags.create(view, live),
                new EventSourcedBehaviorTestKit.SerializationSettings(true, false, false, true, true));
    }

    @Test
    void tag_newReference_viewUpdatedBeforeTheEventIsPublished() {
        var result = kit.<Reply<Done>>runCommand(r -> new TagCommand.Tag(REF, IMAGE_A, r));

        assertThat(result.reply()).isEqualTo(Reply.ok(Done.DONE));
        assertThat(result.events()).hasSize(1);
        assertThat(published).extracting(DockerEvent::action).containsExactly("tag");
        assertThat(viewWhenPublished).containsExactly(Optional.of(IMAGE_A));
    }

    @Test
    void tag_movedToAnotherImage_oneEventAndTheViewFollows() {
        kit.<Reply<Done>>runCommand(r -> new TagCommand.Tag(REF, IMAGE_A, r));
        var moved = kit.<Reply<Done>>runCommand(r -> new TagCommand.Tag(REF, IMAGE_B, r));

        assertThat(moved.events()).hasSize(1);
        assertThat(view.byReference(REF)).contains(IMAGE_B);
        assertThat(view.referencesOf(IMAGE_A)).isEmpty();
    }

    @Test
    void untag_unknownReference_notFoundAndNothingJournaled() {
        var result = kit.<Reply<String>>runCommand(r -> new TagCommand.Untag(REF, r));

        assertThat(result.reply()).isInstanceOf(Reply.Err.class);
        assertThat(result.hasNoEvents()).isTrue();
        assertThat(published).isEmpty();
    }

    @Test
    void untag_afterRestart_recoveredDirectoryStillKnowsTheTag() {
        kit.<Reply<Done>>runCommand(r -> new TagCommand.Tag(REF, IMAGE_A, r));
        kit.restart();
        var result = kit.<Reply<String>>runCommand(r -> new TagCommand.Untag(REF, r));

        assertThat(result.reply()).isEqualTo(Reply.ok(IMAGE_A));
        assertThat(view.byReference(REF)).isEmpty();
    }
}
