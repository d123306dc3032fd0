package dev.berth.actors.network;

import dev.berth.actors.support.LiveEvents;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Parent of the network entities; wakes each lazily and routes by network id. */
public final class NetworkRegistry {
    public record Envelope(String networkId, NetworkCommand command) {}

    public static Behavior<Envelope> create(NetworkView view, LiveEvents live) {
        return Behaviors.setup(ctx -> {
            Map<String, ActorRef<NetworkCommand>> children = new HashMap<>();
            return Behaviors.receive(Envelope.class)
                    .onMessage(Envelope.class, env -> {
                        children.computeIfAbsent(env.networkId(), id -> ctx.spawn(NetworkEntity.create(id, view, live), id))
                                .tell(env.command());
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private NetworkRegistry() {}
}
