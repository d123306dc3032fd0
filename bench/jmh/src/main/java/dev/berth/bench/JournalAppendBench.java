package dev.berth.bench;

import com.typesafe.config.ConfigFactory;
import dev.berth.persistence.JournalConfig;
import dev.berth.persistence.JournalSchema;
import dev.berth.persistence.Tags;
import dev.berth.persistence.container.ContainerEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Journal append throughput: one {@code ContainerEvent.StartRequested} persisted per operation by an
 * event-sourced entity on the real H2 journal (WRITE_DELAY=0, as berthd runs it) in a temp data
 * root, tagged like a container's events, waiting for the reply. {@code oneEntity}: one entity, one
 * caller (the sequential latency of a container's lifecycle step). {@code fourEntities}: four
 * callers, each with its own entity (what concurrent creates/starts see).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalAppendBench {

    /** Test-style entity: journals whatever event it is given and replies when it is stored. */
    static final class Appender extends EventSourcedBehavior<Appender.Append, Object, Long> {
        record Append(Object event, ActorRef<Done> replyTo) {}

        private static final Set<String> TAGS = Tags.of(Tags.CONTAINER);

        Appender(String persistenceId) {
            super(PersistenceId.ofUniqueId(persistenceId));
        }

        @Override
        public Long emptyState() {
            return 0L;
        }

        @Override
        public CommandHandler<Append, Object, Long> commandHandler() {
            return (state, cmd) -> Effect().persist(cmd.event()).thenReply(cmd.replyTo(), s -> Done.getInstance());
        }

        @Override
        public EventHandler<Long, Object> eventHandler() {
            return (state, event) -> state + 1;
        }

        @Override
        public Set<String> tagsFor(Object event) {
            return TAGS;
        }
    }

    @State(Scope.Benchmark)
    public static class Journal {
        Path dataRoot;
        ActorSystem<SpawnProtocol.Command> system;
        final AtomicInteger entities = new AtomicInteger();

        @Setup(Level.Trial)
        public void start() throws IOException {
            dataRoot = Files.createTempDirectory("berth-jmh-journal");
            JournalSchema.create(dataRoot);
            system = ActorSystem.create(SpawnProtocol.create(), "berth-jmh",
                    JournalConfig.forDataRoot(dataRoot).withFallback(ConfigFactory.load()).resolve());
        }

        ActorRef<Appender.Append> spawn() throws Exception {
            String pid = "container|" + UUID.randomUUID().toString().replace("-", "") + entities.incrementAndGet();
            Behavior<Appender.Append> behavior = new Appender(pid);
            return AskPattern.<SpawnProtocol.Command, ActorRef<Appender.Append>>ask(system,
                    replyTo -> new SpawnProtocol.Spawn<>(behavior, "appender-" + entities.get(), Props.empty(), replyTo),
                    Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        Done append(ActorRef<Appender.Append> entity) throws Exception {
            return AskPattern.<Appender.Append, Done>ask(entity,
                    replyTo -> new Appender.Append(new ContainerEvent.StartRequested(Instant.now()), replyTo),
                    Duration.ofSeconds(30), system.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            try (var files = Files.walk(dataRoot)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @State(Scope.Thread)
    public static class Entity {
        ActorRef<Appender.Append> ref;

        @Setup(Level.Trial)
        public void spawn(Journal journal) throws Exception {
            ref = journal.spawn();
        }
    }

    @Benchmark
    @Threads(1)
    public Done oneEntity(Journal journal, Entity entity) throws Exception {
        return journal.append(entity.ref);
    }

    @Benchmark
    @Threads(4)
    public Done fourEntities(Journal journal, Entity entity) throws Exception {
        return journal.append(entity.ref);
    }
}
