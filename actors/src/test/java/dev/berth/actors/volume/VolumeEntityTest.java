package dev.berth.actors.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.berth.actors.support.Done;
import dev.berth.actors.support.LiveEvents;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.volume.VolumeConfig;
import dev.berth.persistence.volume.VolumeEvent;
import dev.berth.persistence.volume.VolumeMount;
import dev.berth.persistence.volume.VolumeState;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VolumeEntityTest {
    private static final ActorTestKit KIT = ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    private static final VolumeConfig CONFIG = new VolumeConfig("data", "local", Map.of("o", "size=1m"),
            Map.of("team", "db"), false);

    private final VolumeView view = new VolumeView();
    private EventSourcedBehaviorTestKit<VolumeCommand, VolumeEvent, VolumeState> kit;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        kit = EventSourcedBehaviorTestKit.create(KIT.system(), VolumeEntity.create("data", view, new LiveEvents()),
                new EventSourcedBehaviorTestKit.SerializationSettings(true, false, false, true, true));
    }

    private Reply<VolumeState.Active> create(VolumeConfig config) {
        return kit.<Reply<VolumeState.Active>>runCommand(r -> new VolumeCommand.Create(config, r)).reply();
    }

    private Reply<VolumeState.Active> mount(String cid) {
        return kit.<Reply<VolumeState.Active>>runCommand(r -> new VolumeCommand.Mount(
                new VolumeMount(cid, "/data", true, ""), r)).reply();
    }

    private Reply<VolumeState.Active> remove() {
        return kit.<Reply<VolumeState.Active>>runCommand(VolumeCommand.Remove::new).reply();
    }

    @Test
    void create_journalsAndShowsInView_againWithSameDriverIsTheSameVolume() {
        VolumeState.Active first = create(CONFIG).get();
        assertThat(view.resolve("data").config()).isEqualTo(CONFIG);
        var again = kit.<Reply<VolumeState.Active>>runCommand(r -> new VolumeCommand.Create(
                new VolumeConfig("data", "local", Map.of(), Map.of(), false), r));
        assertThat(again.hasNoEvents()).isTrue();
        assertThat(again.reply().get()).isEqualTo(first);
    }

    @Test
    void create_otherDriver_isDockersNameConflict() {
        create(CONFIG).get();
        assertThatThrownBy(() -> create(new VolumeConfig("data", "other", Map.of(), Map.of(), false)).get())
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                    assertThat(e.getMessage()).isEqualTo(
                            "create data: driver 'local' already has volume 'data': volume name must be unique");
                });
    }

    @Test
    void remove_whileUsedOrMounted_isConflictNamingTheContainers_andJournalsNothing() {
        create(CONFIG).get();
        kit.<Reply<Done>>runCommand(r -> new VolumeCommand.Use("c1", r)).reply().get();
        mount("c2").get();
        var result = kit.<Reply<VolumeState.Active>>runCommand(VolumeCommand.Remove::new);
        assertThat(result.hasNoEvents()).isTrue();
        assertThatThrownBy(() -> result.reply().get()).isInstanceOfSatisfying(EngineException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
            assertThat(e.getMessage()).isEqualTo("remove data: volume is in use - [c1, c2]");
        });
        kit.<Reply<Done>>runCommand(r -> new VolumeCommand.Unmount("c2", r)).reply().get();
        // Unmounted but still referred to by c2 (a stopped container) and c1.
        assertThat(view.resolve("data").users()).containsExactlyInAnyOrder("c1", "c2");
        kit.<Reply<Done>>runCommand(r -> new VolumeCommand.Release("c1", r)).reply().get();
        kit.<Reply<Done>>runCommand(r -> new VolumeCommand.Release("c2", r)).reply().get();
        assertThat(remove().get().config()).isEqualTo(CONFIG);
        assertThat(view.get("data")).isEmpty();
    }

    @Test
    void mount_twiceForOneContainer_journalsOnce() {
        create(CONFIG).get();
        mount("c1").get();
        var again = kit.<Reply<VolumeState.Active>>runCommand(r -> new VolumeCommand.Mount(
                new VolumeMount("c1", "/data", true, ""), r));
        assertThat(again.hasNoEvents()).isTrue();
        assertThat(again.reply().get().mounts()).containsOnlyKeys("c1");
    }

    @Test
    void restart_usersAndMountsSurvive() {
        create(CONFIG).get();
        kit.<Reply<Done>>runCommand(r -> new VolumeCommand.Use("c1", r)).reply().get();
        mount("c2").get();
        kit.restart();
        var state = (VolumeState.Active) kit.getState();
        assertThat(state.users()).containsExactlyInAnyOrder("c1", "c2");
        assertThat(state.mounts()).containsOnlyKeys("c2");
        assertThat(state.inUse()).isTrue();
    }

    @Test
    void removed_nameCanBeCreatedAgain_andUnknownIsNoSuchVolume() {
        assertThatThrownBy(() -> remove().get()).hasMessage("get data: no such volume");
        assertThatThrownBy(() -> mount("c1").get()).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        create(CONFIG).get();
        remove().get();
        var other = new VolumeConfig("data", "other", Map.of(), Map.of(), false);
        assertThat(create(other).get().config()).isEqualTo(other);
        kit.restart();
        assertThat(((VolumeState.Active) kit.getState()).config()).isEqualTo(other);
    }
}
