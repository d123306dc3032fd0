package dev.berth.actors.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.actors.support.Done;
import dev.berth.actors.support.LiveEvents;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.network.Endpoint;
import dev.berth.persistence.network.NetworkConfig;
import dev.berth.persistence.network.NetworkEvent;
import dev.berth.persistence.network.NetworkState;
import dev.berth.spi.ErrorKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkEntityTest {
    private static final ActorTestKit KIT = ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

    private final NetworkView view = new NetworkView();
    private EventSourcedBehaviorTestKit<NetworkCommand, NetworkEvent, NetworkState> kit;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        kit = EventSourcedBehaviorTestKit.create(KIT.system(), NetworkEntity.create("n1", view, new LiveEvents()),
                new EventSourcedBehaviorTestKit.SerializationSettings(true, false, false, true, true));
        var config = new NetworkConfig("n1", "backend", "bridge", "10.5.0.0/29", "10.5.0.1", "", false, false,
                "br-n1", Map.of(), Map.of());
        kit.<Reply<Done>>runCommand(r -> new NetworkCommand.Create(config, r));
    }

    private Reply<Endpoint> join(String container, String ip) {
        return kit.<Reply<Endpoint>>runCommand(r -> new NetworkCommand.Join(container, container, ip, List.of(),
                List.of(), r)).reply();
    }

    @Test
    void join_noAddressAsked_getsLowestFreeAfterGatewayWithDockerMac() {
        Endpoint a = join("a", null).get();
        Endpoint b = join("b", null).get();
        assertThat(a.ip()).isEqualTo("10.5.0.2");
        assertThat(a.mac()).isEqualTo("02:42:0a:05:00:02");
        assertThat(b.ip()).isEqualTo("10.5.0.3");
        assertThat(view.resolve("backend").endpoints()).containsKeys("a", "b");
    }

    @Test
    void join_addressInUseOrOutside_refusedAndNothingPersisted() {
        join("a", "10.5.0.4").get();
        var taken = kit.<Reply<Endpoint>>runCommand(r -> new NetworkCommand.Join("b", "b", "10.5.0.4", List.of(),
                List.of(), r));
        assertThat(taken.events()).isEmpty();
        assertThat(((Reply.Err<Endpoint>) taken.reply()).kind()).isEqualTo(ErrorKind.CONFLICT);
        var outside = (Reply.Err<Endpoint>) join("c", "10.9.0.4");
        assertThat(outside.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void join_auxAddressesAreNeverHandedOut_norTakenOnRequest() {
        var aux = EventSourcedBehaviorTestKit.<NetworkCommand, NetworkEvent, NetworkState>create(KIT.system(),
                NetworkEntity.create("n2", view, new LiveEvents()),
                new EventSourcedBehaviorTestKit.SerializationSettings(true, false, false, true, true));
        aux.<Reply<Done>>runCommand(r -> new NetworkCommand.Create(new NetworkConfig("n2", "aux", "bridge",
                "10.6.0.0/29", "10.6.0.1", "", false, false, "br-n2", Map.of(), Map.of(),
                Map.of("router", "10.6.0.2", "printer", "10.6.0.4")), r));
        var first = aux.<Reply<Endpoint>>runCommand(r -> new NetworkCommand.Join("a", "a", null, List.of(), List.of(),
                r)).reply().get();
        var second = aux.<Reply<Endpoint>>runCommand(r -> new NetworkCommand.Join("b", "b", null, List.of(),
                List.of(), r)).reply().get();
        assertThat(List.of(first.ip(), second.ip())).containsExactly("10.6.0.3", "10.6.0.5");
        var asked = aux.<Reply<Endpoint>>runCommand(r -> new NetworkCommand.Join("c", "c", "10.6.0.2", List.of(),
                List.of(), r));
        assertThat(asked.events()).isEmpty();
        assertThat(((Reply.Err<Endpoint>) asked.reply()).message()).isEqualTo("Address already in use");
    }

    @Test
    void join_poolExhausted_unavailable() {
        for (String c : List.of("a", "b", "c", "d", "e")) {
            join(c, null).get(); // .2 to .6 of a /29 whose .1 is the gateway and .7 broadcast
        }
        assertThat(((Reply.Err<Endpoint>) join("f", null)).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    }

    @Test
    void leave_releasesAddressForTheNextJoin() {
        join("a", null).get();
        kit.<Reply<Done>>runCommand(r -> new NetworkCommand.Leave("a", r));
        assertThat(join("b", null).get().ip()).isEqualTo("10.5.0.2");
    }

    @Test
    void remove_withEndpoints_forbiddenWithDockerWording() {
        join("a", null).get();
        var result = kit.<Reply<Done>>runCommand(NetworkCommand.Remove::new);
        assertThat(result.events()).isEmpty();
        assertThat(((Reply.Err<Done>) result.reply()).message()).contains("has active endpoints");
    }

    @Test
    void restart_allocationsSurvive_noAddressHandedOutTwice() {
        join("a", null).get();
        kit.restart();
        assertThat(join("b", null).get().ip()).isEqualTo("10.5.0.3");
    }

    /**
     * A view folded from a journal whose put-back Join came after its Leave shows an endpoint the entity
     * does not have: on waking, the entity's state replaces it, so the start-up restore sees the truth.
     */
    @Test
    void waking_replacesTheViewsStateWithTheEntitys_ghostEndpointGone() {
        join("a", null).get();
        kit.<Reply<Done>>runCommand(r -> new NetworkCommand.Leave("a", r));
        var truth = view.resolve("backend");
        view.update("n1", truth.apply(new NetworkEvent.EndpointJoined(Instant.now(),
                new Endpoint("ghost", "ghost", "10.5.0.2", "", List.of(), List.of()))));
        assertThat(view.resolve("backend").endpoints()).containsKey("ghost");

        kit.restart();
        var synced = kit.<Reply<Done>>runCommand(NetworkCommand.Sync::new);

        assertThat(synced.events()).isEmpty();
        assertThat(synced.reply()).isInstanceOf(Reply.Ok.class);
        assertThat(view.resolve("backend").endpoints()).isEmpty();
    }
}
