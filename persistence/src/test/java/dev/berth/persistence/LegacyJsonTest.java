package dev.berth.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.PortBinding;
import dev.berth.persistence.container.RestartPolicy;
import dev.berth.persistence.container.TmpfsMount;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The JSON the previous release journaled (kept in {@code src/test/resources/legacy/}, copied from
 * the golden fixtures before the shape changed) reads into today's types with the same meaning. Rows
 * written then carry the bare class name as manifest (version 1).
 */
class LegacyJsonTest {
    private static ActorTestKit testKit;
    private static Serialization serialization;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("legacy");
        serialization = SerializationExtension.get(testKit.system());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** legacy fixture → what it must read as (the same sample the v1 fixture was written from). */
    private static Map<String, BerthSerializable> v1() {
        var all = Samples.all();
        var out = new LinkedHashMap<String, BerthSerializable>();
        out.put("container-event-created-v1", all.get("container/event-created"));
        for (String phase : List.of("created", "starting", "running", "stopped", "removed")) {
            out.put("container-state-" + phase + "-v1", all.get("container/state-" + phase));
        }
        // Written before volumes existed: it reads as today's sample with no volumes.
        var snapshot = (ReadModelSnapshot) all.get("snapshot/read-models");
        out.put("snapshot-read-models-v1", new ReadModelSnapshot(snapshot.ordering(), snapshot.containers(),
                snapshot.images(), snapshot.tags(), snapshot.networks(), Map.of()));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> read_v1Fixture_equalsTodaysSample() {
        return v1().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                assertThat(readV1(e.getKey(), e.getValue().getClass())).isEqualTo(e.getValue())));
    }

    @Test
    void read_v1Created_portsRestartBindsTmpfsMeanWhatTheyMeant() throws Exception {
        var created = (ContainerEvent.Created) readV1("container-event-created-v1", ContainerEvent.Created.class);
        assertMeaning(created.hostConfig());
    }

    @Test
    void read_v1Snapshot_everyContainerStateMigrated() throws Exception {
        var snapshot = (ReadModelSnapshot) readV1("snapshot-read-models-v1", ReadModelSnapshot.class);
        assertThat(snapshot.ordering()).isEqualTo(1234);
        ContainerState state = snapshot.containers().get("container|" + Samples.ID);
        assertThat(state).isInstanceOf(ContainerState.Running.class);
        assertMeaning(state.info().hostConfig());
    }

    @Test
    void manifest_migratedTypes_carryVersion2() {
        Serializer serializer = serialization.findSerializerFor(Samples.created());
        assertThat(Serializers.manifestFor(serializer, Samples.created()))
                .isEqualTo(ContainerEvent.Created.class.getName() + "#2");
        for (String phase : List.of("created", "starting", "running", "stopped", "removed")) {
            Object state = Samples.all().get("container/state-" + phase);
            assertThat(Serializers.manifestFor(serializer, state)).endsWith("#2");
        }
        Object snapshot = Samples.all().get("snapshot/read-models");
        assertThat(Serializers.manifestFor(serializer, snapshot)).isEqualTo(ReadModelSnapshot.class.getName() + "#2");
        // Types whose JSON holds no HostConfig keep their unversioned manifest.
        var started = new ContainerEvent.Started(Samples.T1, 1);
        assertThat(Serializers.manifestFor(serializer, started)).isEqualTo(ContainerEvent.Started.class.getName());
    }

    private static void assertMeaning(HostConfig h) {
        assertThat(h.portBindings()).containsExactly(
                new PortBinding(80, PortBinding.Protocol.TCP, "127.0.0.1", 8080),
                new PortBinding(80, PortBinding.Protocol.TCP, "", 8081));
        assertThat(h.restartPolicy()).isEqualTo(new RestartPolicy(RestartPolicy.Name.ON_FAILURE, 3));
        assertThat(h.binds()).containsExactly(new BindMount("/srv/data", "/data", List.of(BindMount.Option.RO)));
        assertThat(h.binds().get(0).readOnly()).isTrue();
        assertThat(h.binds().get(0).spec()).isEqualTo("/srv/data:/data:ro");
        assertThat(h.tmpfs()).containsExactly(new TmpfsMount("/run", List.of("rw", "size=64m")));
        assertThat(h.memory()).isEqualTo(268435456L);
        assertThat(h.networkMode()).isEqualTo("bridge");
    }

    /** Reads a legacy fixture as the journal hands it over: serializer 31, the bare class name as manifest. */
    static Object readV1(String fixture, Class<?> type) throws IOException {
        return serialization.deserialize(bytes("/legacy/" + fixture + ".json"), 31, type.getName()).get();
    }

    static byte[] bytes(String resource) throws IOException {
        try (InputStream in = LegacyJsonTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }
}
