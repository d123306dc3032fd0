package dev.berth.persistence.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.persistence.JournalConfig;
import dev.berth.persistence.JournalSchema;
import dev.berth.persistence.Samples;
import dev.berth.persistence.Tags;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.image.TagEvent;
import dev.berth.persistence.names.NameEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real JDBC/H2 journal in a temp data root, written by a test entity, read back as Docker events. */
class EventLogTest {
    private static final String PID = "container|" + Samples.ID;
    private static final Instant T_START = Samples.T0.plusSeconds(10);
    private static final Instant T_EXIT = Samples.T0.plusSeconds(25);
    private static final Instant T_REMOVE = Samples.T0.plusSeconds(30);

    @TempDir
    Path dataRoot;

    private ActorTestKit start() {
        JournalSchema.create(dataRoot);
        return ActorTestKit.create("berth", JournalConfig.forDataRoot(dataRoot).withFallback(ConfigFactory.load()).resolve());
    }

    private static void persist(ActorTestKit kit, String pid, Set<String> tags, Object... events) {
        ActorRef<Recorder.Record> entity = kit.spawn(Recorder.create(pid, tags));
        TestProbe<Done> probe = kit.createTestProbe();
        for (Object event : events) {
            entity.tell(new Recorder.Record(event, probe.ref()));
            probe.expectMessage(Duration.ofSeconds(10), Done.getInstance());
        }
        kit.stop(entity);
    }

    private static void persistContainerLife(ActorTestKit kit) {
        persist(kit, PID, Tags.of(Tags.CONTAINER),
                Samples.created(),
                new ContainerEvent.StartRequested(T_START),
                new ContainerEvent.Started(T_START, 4242),
                new ContainerEvent.Exited(T_EXIT, 2, false),
                new ContainerEvent.Removed(T_REMOVE));
    }

    private List<DockerEvent> history(ActorTestKit kit, Instant since, Instant until) throws Exception {
        var events = new ArrayList<DockerEvent>();
        new EventLog(kit.system(), dataRoot).history(since, until, e -> true, events::add)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        return events;
    }

    private static List<String> actions(List<DockerEvent> events) {
        return events.stream().map(DockerEvent::action).toList();
    }

    @Test
    void journalScan_readsEveryEventOnceInJournalOrder_tagsOrNot() throws Exception {
        ActorTestKit kit = start();
        try {
            persistContainerLife(kit);
            persist(kit, "container-names", Set.of(), new NameEvent.Reserved(T_START, "web", Samples.ID));
            var seen = new ArrayList<String>();
            var all = dev.berth.persistence.JournalScan.scan(kit.system(), dataRoot,
                    (pid, seq, event) -> seen.add(pid + "#" + seq + ":" + event.getClass().getSimpleName()));
            assertThat(all.count()).isEqualTo(6);
            assertThat(seen).containsExactly(PID + "#1:Created", PID + "#2:StartRequested", PID + "#3:Started",
                    PID + "#4:Exited", PID + "#5:Removed", "container-names#1:Reserved");
            // From an ordering on: only the tail (what a start after a read-model snapshot replays).
            var tail = new ArrayList<String>();
            var rest = dev.berth.persistence.JournalScan.scan(kit.system(), dataRoot, all.lastOrdering() - 2,
                    (pid, seq, event) -> tail.add(pid + "#" + seq));
            assertThat(rest.count()).isEqualTo(2);
            assertThat(rest.lastOrdering()).isEqualTo(all.lastOrdering());
            assertThat(tail).containsExactly(PID + "#5", "container-names#1");
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void history_containerLife_readsAsDockerEventsWithAttributes() throws Exception {
        ActorTestKit kit = start();
        try {
            persistContainerLife(kit);

            List<DockerEvent> events = history(kit, null, null);

            assertThat(actions(events)).containsExactly("create", "start", "die", "destroy");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.type()).isEqualTo("container");
                assertThat(e.actorId()).isEqualTo(Samples.ID);
                assertThat(e.persistenceId()).isEqualTo(PID);
                assertThat(e.attributes()).containsEntry("image", "busybox").containsEntry("name", "web")
                        .containsEntry("com.example.team", "infra");
            });
            assertThat(events.get(2).attributes()).containsEntry("exitCode", "2").containsEntry("execDuration", "15");
            assertThat(events).extracting(DockerEvent::sequenceNr).containsExactly(1L, 3L, 4L, 5L);
            assertThat(events).extracting(DockerEvent::time).containsExactly(Samples.T0, T_START, T_EXIT, T_REMOVE);
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void history_sinceAndUntil_boundInclusively() throws Exception {
        ActorTestKit kit = start();
        try {
            persistContainerLife(kit);

            assertThat(actions(history(kit, T_START, T_EXIT))).containsExactly("start", "die");
            assertThat(actions(history(kit, T_START.plusMillis(1), null))).containsExactly("die", "destroy");
            assertThat(actions(history(kit, null, T_START.minusMillis(1)))).containsExactly("create");
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void history_filter_selectsEvents() throws Exception {
        ActorTestKit kit = start();
        try {
            persistContainerLife(kit);
            var events = new ArrayList<DockerEvent>();
            new EventLog(kit.system(), dataRoot).history(null, null, e -> e.action().equals("die"), events::add)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(actions(events)).containsExactly("die");
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void history_tagsAndUntaggedEntities_tagsReadAsImageEventsNamesNot() throws Exception {
        ActorTestKit kit = start();
        try {
            persist(kit, "container-names", Set.of(), new NameEvent.Reserved(Samples.T0, "web", Samples.ID));
            persist(kit, "image|" + Samples.IMAGE_ID, Tags.of(Tags.IMAGE), Samples.stored());
            persist(kit, "image-tags", Tags.of(Tags.IMAGE),
                    new TagEvent.Tagged(T_START, "docker.io/library/busybox:latest", Samples.IMAGE_ID, null));

            List<DockerEvent> events = history(kit, null, null);

            assertThat(actions(events)).containsExactly("import", "tag");
            assertThat(events.get(1).attributes()).containsEntry("name", "busybox:latest")
                    .containsEntry("maintainer", "berth"); // the image's labels, as dockerd
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void history_afterRestart_readsTheSameJournal() throws Exception {
        ActorTestKit first = start();
        long offsetBefore;
        try {
            persistContainerLife(first);
            offsetBefore = new EventLog(first.system(), dataRoot).history(null, null, e -> true, e -> { })
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(offsetBefore).isEqualTo(5);
        } finally {
            first.shutdownTestKit();
        }

        ActorTestKit second = start();
        try {
            assertThat(actions(history(second, null, null))).containsExactly("create", "start", "die", "destroy");

            String other = "container|" + "b".repeat(64);
            persist(second, other, Tags.of(Tags.CONTAINER), new ContainerEvent.Created(T_REMOVE, "b".repeat(64),
                    "db", Samples.IMAGE_ID, List.of(), Samples.config(), Samples.hostConfig(), List.of()));
            var events = new ArrayList<DockerEvent>();
            long offsetAfter = new EventLog(second.system(), dataRoot).history(null, null, e -> true, events::add)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(actions(events)).containsExactly("create", "start", "die", "destroy", "create");
            assertThat(events.get(4).attributes()).containsEntry("name", "db");
            assertThat(offsetAfter).isGreaterThan(offsetBefore);
        } finally {
            second.shutdownTestKit();
        }
    }

    @Test
    void history_emptyJournal_completesWithZero() throws Exception {
        ActorTestKit kit = start();
        try {
            long offset = new EventLog(kit.system(), dataRoot).history(null, null, e -> true, e -> { })
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(offset).isZero();
        } finally {
            kit.shutdownTestKit();
        }
    }

    private List<DockerEvent> after(ActorTestKit kit, EventCursor cursor) throws Exception {
        var events = new ArrayList<DockerEvent>();
        new EventLog(kit.system(), dataRoot).history(null, null, cursor, e -> true, events::add)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        return events;
    }

    @Test
    void history_eachEventCarriesItsJournalPosition_aCursorResumesRightAfterIt() throws Exception {
        ActorTestKit kit = start();
        try {
            persist(kit, "container-names", Set.of(), new NameEvent.Reserved(Samples.T0, "web", Samples.ID));
            persistContainerLife(kit);

            List<DockerEvent> all = history(kit, null, null);
            // the untagged name entry took ordering 1; StartRequested (5 → none) maps to no Docker event
            assertThat(all).extracting(DockerEvent::offset).containsExactly(2L, 4L, 5L, 6L);
            assertThat(all).extracting(DockerEvent::index).containsOnly(0);

            assertThat(actions(after(kit, EventCursor.START))).containsExactly("create", "start", "die", "destroy");
            assertThat(actions(after(kit, EventCursor.parse("4")))).containsExactly("die", "destroy");
            assertThat(actions(after(kit, EventCursor.parse("4.0")))).containsExactly("die", "destroy");
            assertThat(actions(after(kit, EventCursor.parse("3")))).containsExactly("start", "die", "destroy");
            assertThat(after(kit, EventCursor.parse("6"))).isEmpty();
            // attributes still come from the entity's whole history, not from the cursor on
            assertThat(after(kit, EventCursor.parse("5")).get(0).attributes()).containsEntry("name", "web");
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void reaches_aCursorUpToTheLastEntry_notBeyond() throws Exception {
        ActorTestKit kit = start();
        try {
            EventLog log = new EventLog(kit.system(), dataRoot);
            assertThat(log.reaches(EventCursor.START).toCompletableFuture().get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(log.reaches(EventCursor.parse("1")).toCompletableFuture().get(30, TimeUnit.SECONDS)).isFalse();
            persistContainerLife(kit);
            assertThat(log.reaches(EventCursor.parse("5.3")).toCompletableFuture().get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(log.reaches(EventCursor.parse("1")).toCompletableFuture().get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(log.reaches(EventCursor.parse("6")).toCompletableFuture().get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(log.offsetOf(PID, 4).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(log.offsetOf(PID, 9).toCompletableFuture().get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            kit.shutdownTestKit();
        }
    }
}
