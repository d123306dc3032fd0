package dev.berth.actors.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.berth.actors.names.NamesCommand;
import dev.berth.actors.support.Done;
import dev.berth.actors.support.LiveEvents;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.JournalConfig;
import dev.berth.persistence.JournalSchema;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.PortBinding;
import dev.berth.persistence.container.RestartPolicy;
import dev.berth.persistence.container.TmpfsMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An entity recovering, on the real JDBC journal, from what the previous release wrote: a version-1
 * {@code Created} event, or a version-1 snapshot of its state. Pekko's recovery goes through the
 * serializer, so the entity and the runtime see today's typed host config.
 */
class LegacyRecoveryTest {
    // The persistence module's fixtures of the previous release's JSON (the one copy, not duplicated here).
    private static final Path LEGACY = Path.of("../persistence/src/test/resources/legacy");

    @TempDir
    Path dataRoot;
    private ActorTestKit kit;
    private final ContainerEntityTest.RecordingRuntime runtime = new ContainerEntityTest.RecordingRuntime();
    private final ContainerView view = new ContainerView();

    @BeforeEach
    void start() {
        JournalSchema.create(dataRoot);
    }

    @AfterEach
    void stop() {
        if (kit != null) {
            kit.shutdownTestKit();
        }
    }

    private ActorRef<ContainerCommand> entity(String id) {
        kit = ActorTestKit.create("legacy", JournalConfig.forDataRoot(dataRoot).withFallback(ConfigFactory.load()).resolve());
        var names = kit.<NamesCommand>createTestProbe();
        var deps = new ContainerEntity.Deps(runtime, ForkJoinPool.commonPool(), view, new LiveEvents(), names.ref());
        return kit.spawn(ContainerEntity.create(id, deps));
    }

    @Test
    void recover_v1CreatedEvent_startsWithTypedHostConfig() throws Exception {
        byte[] json = Files.readAllBytes(LEGACY.resolve("container-event-created-v1.json"));
        String id = new ObjectMapper().readTree(json).get("id").asText();
        insert("INSERT INTO PUBLIC.\"event_journal\" (\"persistence_id\", \"sequence_number\", \"writer\", "
                + "\"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\", \"event_ser_manifest\") "
                + "VALUES (?, 1, 'previous-release', 0, '', ?, 31, ?)", id, json, ContainerEvent.Created.class.getName());

        var entity = entity(id);
        var probe = kit.<Reply<Done>>createTestProbe();
        entity.tell(new ContainerCommand.Start(probe.ref()));
        assertThat(probe.receiveMessage(Duration.ofSeconds(10))).isEqualTo(Reply.ok(Done.DONE));

        assertMeaning(runtime.lastStarted.hostConfig());
    }

    @Test
    void recover_v1Snapshot_startsWithTypedHostConfig() throws Exception {
        byte[] json = Files.readAllBytes(LEGACY.resolve("container-state-stopped-v1.json"));
        String id = new ObjectMapper().readTree(json).get("info").get("id").asText();
        insert("INSERT INTO PUBLIC.\"snapshot\" (\"persistence_id\", \"sequence_number\", \"created\", "
                + "\"snapshot_payload\", \"snapshot_ser_id\", \"snapshot_ser_manifest\") VALUES (?, 7, 0, ?, 31, ?)",
                id, json, ContainerState.Stopped.class.getName());

        var entity = entity(id);
        var waiter = kit.<Reply<Integer>>createTestProbe();
        entity.tell(new ContainerCommand.Wait(WaitCondition.NOT_RUNNING, waiter.ref()));
        assertThat(waiter.receiveMessage(Duration.ofSeconds(10))).isEqualTo(Reply.ok(137));
        var probe = kit.<Reply<Done>>createTestProbe();
        entity.tell(new ContainerCommand.Start(probe.ref()));
        assertThat(probe.receiveMessage(Duration.ofSeconds(10))).isEqualTo(Reply.ok(Done.DONE));

        assertMeaning(runtime.lastStarted.hostConfig());
    }

    private static void assertMeaning(HostConfig h) {
        assertThat(h.portBindings()).containsExactly(
                new PortBinding(80, PortBinding.Protocol.TCP, "127.0.0.1", 8080),
                new PortBinding(80, PortBinding.Protocol.TCP, "", 8081));
        assertThat(h.restartPolicy()).isEqualTo(new RestartPolicy(RestartPolicy.Name.ON_FAILURE, 3));
        assertThat(h.binds()).containsExactly(new BindMount("/srv/data", "/data", List.of(BindMount.Option.RO)));
        assertThat(h.tmpfs()).containsExactly(new TmpfsMount("/run", List.of("rw", "size=64m")));
    }

    private void insert(String sql, String id, byte[] json, String manifest) throws Exception {
        try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), "sa", "");
             PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, ContainerEntity.persistenceId(id).id());
            st.setBytes(2, json);
            st.setString(3, manifest);
            st.executeUpdate();
        }
    }
}
