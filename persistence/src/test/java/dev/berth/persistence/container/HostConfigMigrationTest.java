package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Version-1 host configs that today's types refuse or spell differently still read, with the meaning they had. */
class HostConfigMigrationTest {
    private static ActorTestKit testKit;
    private static Serialization serialization;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("migration");
        serialization = SerializationExtension.get(testKit.system());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static HostConfig readV1(String fixture) throws Exception {
        byte[] json;
        try (InputStream in = HostConfigMigrationTest.class.getResourceAsStream("/legacy/" + fixture + ".json")) {
            json = in.readAllBytes();
        }
        var created = (ContainerEvent.Created) serialization.deserialize(json, 31,
                ContainerEvent.Created.class.getName()).get();
        return created.hostConfig();
    }

    @Test
    void upcast_portWithoutBindings_publishedOnAnyHostPortAsBefore() throws Exception {
        HostConfig h = readV1("container-event-created-v1-edge");
        assertThat(h.portBindings()).containsExactly(
                new PortBinding(53, PortBinding.Protocol.UDP, "0.0.0.0", 5353),
                new PortBinding(80, PortBinding.Protocol.TCP, "", 0),
                new PortBinding(90, PortBinding.Protocol.TCP, "", 0));
    }

    @Test
    void upcast_hostPortRangeThatNeverStarted_leftOut() throws Exception {
        assertThat(readV1("container-event-created-v1-edge").portBindings())
                .noneMatch(p -> p.containerPort() == 81);
    }

    @Test
    void upcast_retriesOnAlways_droppedAsTheyMeantNothing() throws Exception {
        assertThat(readV1("container-event-created-v1-edge").restartPolicy())
                .isEqualTo(new RestartPolicy(RestartPolicy.Name.ALWAYS, 0));
    }

    @Test
    void upcast_bindsAndTmpfs_namedVolumeAndBadOptionLeftOut_bindOverTmpfsKept() throws Exception {
        HostConfig h = readV1("container-event-created-v1-edge");
        assertThat(h.binds()).containsExactly(
                new BindMount("/a", "/a", List.of(BindMount.Option.RO, BindMount.Option.RELABEL_PRIVATE)),
                new BindMount("/b", "/run", List.of()));
        assertThat(h.binds().get(0).spec()).isEqualTo("/a:/a:ro,Z");
        // "/run" was both a tmpfs and a bind; runc mounted the bind last, so that is what the container saw.
        assertThat(h.tmpfs()).isEmpty();
    }

    @Test
    void upcast_eventFromBeforeRestartPoliciesBindsAndPorts_defaults() throws Exception {
        HostConfig h = readV1("container-event-created-v1-before-restart-policies");
        assertThat(h.restartPolicy()).isEqualTo(RestartPolicy.NO);
        assertThat(h.binds()).isEmpty();
        assertThat(h.portBindings()).isEmpty();
        assertThat(h.tmpfs()).isEmpty();
        assertThat(h.memory()).isEqualTo(268435456L);
    }
}
