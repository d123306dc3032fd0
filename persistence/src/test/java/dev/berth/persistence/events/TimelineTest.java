package dev.berth.persistence.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.persistence.JournalConfig;
import dev.berth.persistence.JournalSchema;
import dev.berth.persistence.Samples;
import dev.berth.persistence.Tags;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.names.NameEvent;
import dev.berth.spi.Caller;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One entity's events read by key from the real H2 journal, and folded as of an instant. */
class TimelineTest {
    private static final String PID = "container|" + Samples.ID;
    private static final String OTHER = "b".repeat(64);
    private static final Instant T_START = Samples.T0.plusSeconds(10);
    private static final Instant T_RENAME = Samples.T0.plusSeconds(20);
    private static final Instant T_EXIT = Samples.T0.plusSeconds(25);
    private static final Instant T_REMOVE = Samples.T0.plusSeconds(30);

    @TempDir
    Path dataRoot;
    private ActorTestKit kit;
    private Timeline timeline;

    @BeforeEach
    void start() {
        JournalSchema.create(dataRoot);
        kit = ActorTestKit.create("berth", JournalConfig.forDataRoot(dataRoot).withFallback(ConfigFactory.load()).resolve());
        timeline = new Timeline(kit.system(), dataRoot);
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    private void persist(String pid, Set<String> tags, Object... events) {
        ActorRef<Recorder.Record> entity = kit.spawn(Recorder.create(pid, tags));
        TestProbe<Done> probe = kit.createTestProbe();
        for (Object event : events) {
            entity.tell(new Recorder.Record(event, probe.ref()));
            probe.expectMessage(Duration.ofSeconds(10), Done.getInstance());
        }
        kit.stop(entity);
    }

    private void containerLife() {
        persist("container-names", Set.of(), new NameEvent.Reserved(Samples.T0, "web", Samples.ID));
        persist(PID, Tags.of(Tags.CONTAINER),
                Samples.created(),
                new ContainerEvent.StartRequested(T_START),
                new ContainerEvent.Started(T_START, 4242),
                new ContainerEvent.Renamed(T_RENAME, "web", "api",
                        new Caller(0, 0, 77, "berth", null, null, "1.50", "berth-test")),
                new ContainerEvent.Exited(T_EXIT, 2, false),
                new ContainerEvent.Removed(T_REMOVE));
        persist("container-names", Set.of(),
                new NameEvent.Reserved(T_RENAME, "api", Samples.ID), new NameEvent.Released(T_RENAME, "web", Samples.ID),
                new NameEvent.Released(T_REMOVE, "api", Samples.ID),
                new NameEvent.Reserved(T_REMOVE.plusSeconds(5), "web", OTHER));
    }

    @Test
    void of_readsOneEntityInSequenceOrder_andFoldsAsOfEachInstant() {
        containerLife();
        List<Timeline.Entry> entries = timeline.of(PID);
        assertThat(entries).extracting(Timeline.Entry::sequenceNr).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(entries).allMatch(e -> e.persistenceId().equals(PID) && e.offset() > 0);
        assertThat(timeline.of("container|" + OTHER)).isEmpty();

        assertThat(AsOf.container(entries, Samples.T0.minusMillis(1))).isInstanceOf(ContainerState.None.class);
        assertThat(AsOf.container(entries, Samples.T0).status()).isEqualTo("created");
        ContainerState running = AsOf.container(entries, T_START.plusSeconds(1));
        assertThat(running).isInstanceOfSatisfying(ContainerState.Running.class, r -> assertThat(r.pid()).isEqualTo(4242));
        assertThat(running.info().name()).isEqualTo("web");
        assertThat(AsOf.container(entries, T_RENAME).info().name()).isEqualTo("api");
        ContainerState exited = AsOf.container(entries, T_EXIT.plusMillis(1));
        assertThat(exited.status()).isEqualTo("exited");
        assertThat(exited.info().exitCode()).isEqualTo(2);
        assertThat(AsOf.container(entries, T_REMOVE)).isInstanceOf(ContainerState.Removed.class);
    }

    @Test
    void names_resolveAsOfEachInstant_aReusedNameFindsTheOldOwnerAtTheOldTime() {
        containerLife();
        List<Timeline.Entry> names = timeline.of("container-names");
        assertThat(AsOf.names(names, T_START).names()).isEqualTo(Map.of("web", Samples.ID));
        assertThat(AsOf.names(names, T_RENAME).names()).isEqualTo(Map.of("api", Samples.ID));
        assertThat(AsOf.names(names, T_REMOVE).names()).isEmpty();
        assertThat(AsOf.names(names, T_REMOVE.plusSeconds(6)).names()).isEqualTo(Map.of("web", OTHER));
        assertThat(AsOf.lastOwner(names, "api")).isEqualTo(Samples.ID);
        assertThat(AsOf.lastOwner(names, "web")).isEqualTo(OTHER);
        assertThat(AsOf.lastOwner(names, "db")).isNull();
    }

    @Test
    void idsStartingWith_findsRemovedEntitiesByPrefix_andFirstIsTheJournalsFirstEvent() {
        assertThat(timeline.first()).isEmpty();
        containerLife();
        persist("container|" + OTHER, Tags.of(Tags.CONTAINER), new ContainerEvent.Created(T_REMOVE.plusSeconds(5), OTHER,
                "web", Samples.IMAGE_ID, List.of(), Samples.created().config(), Samples.created().hostConfig(), List.of()));
        assertThat(timeline.idsStartingWith("container|")).containsExactly("container|" + Samples.ID, "container|" + OTHER);
        assertThat(timeline.idsStartingWith("container|" + Samples.ID.substring(0, 6))).containsExactly(PID);
        assertThat(timeline.idsStartingWith("container|bbb")).containsExactly("container|" + OTHER);
        assertThat(timeline.idsStartingWith("container|ccc")).isEmpty();
        assertThat(timeline.first()).contains(Samples.T0);
    }

    @Test
    void messages_listTheEntitysDockerEventsWithWhoAndPosition() {
        containerLife();
        List<DockerEvent> history = AsOf.messages(timeline.of(PID), id -> Map.of());
        assertThat(history).extracting(DockerEvent::action)
                .containsExactly("create", "start", "rename", "die", "destroy");
        DockerEvent rename = history.get(2);
        assertThat(rename.attributes()).containsEntry("berth.comm", "berth").containsEntry("oldName", "/web")
                .containsEntry("name", "api");
        assertThat(rename.time()).isEqualTo(T_RENAME);
        assertThat(history).extracting(DockerEvent::offset).isSorted().doesNotContain(0L);
    }
}
