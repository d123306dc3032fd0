package dev.berth.actors.container;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Parent of the container entities: wakes an entity on its first message (lazily, as DESIGN asks) and
 * routes by id. Node-local today; Cluster Sharding would take this role in a cluster.
 */
public final class ContainerRegistry {

    /** A command for the entity with this id. */
    public record Envelope(String id, ContainerCommand command) {}

    public static Behavior<Envelope> create(ContainerEntity.Deps deps) {
        return Behaviors.setup(ctx -> {
            Map<String, ActorRef<ContainerCommand>> children = new HashMap<>();
            return Behaviors.receive(Envelope.class)
                .onMessage(Envelope.class, env -> {
                    children.computeIfAbsent(env.id(), id -> ctx.spawn(ContainerEntity.create(id, deps), id))
                            .tell(env.command());
                    return Behaviors.same();
                })
                .build();
        });
    }

    private ContainerRegistry() {}
}
