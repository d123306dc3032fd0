package dev.berth.actors.network;

import dev.berth.actors.support.LiveEvents;
import dev.berth.spi.Caller;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Parent of the network entities; wakes each lazily and routes by network id. */
public final class NetworkRegistry {
    /**
     * A command for the entity, asked for by {@code caller} (null: the engine itself). Made on a
     * request's thread, the short form takes that request's caller.
     */
    public record Envelope(String networkId, NetworkCommand command, Caller caller) {
        public Envelope(String networkId, NetworkCommand command) {
            this(networkId, command, Caller.current());
        }
    }

    public static Behavior<Envelope> create(NetworkView view, LiveEvents live) {
        return Behaviors.setup(ctx -> {
            Map<String, ActorRef<NetworkCommand>> children = new HashMap<>();
            return Behaviors.receive(Envelope.class)
                    .onMessage(Envelope.class, env -> {
                        children.computeIfAbsent(env.networkId(), id -> ctx.spawn(NetworkEntity.create(id, view, live), id))
                                .tell(env.caller() == null ? env.command()
                                    : new NetworkCommand.Called(env.caller(), env.command()));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private NetworkRegistry() {}
}
