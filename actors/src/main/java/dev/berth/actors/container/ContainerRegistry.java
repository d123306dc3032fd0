package dev.berth.actors.container;

import dev.berth.spi.Caller;
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

    /**
     * A command for the entity with this id, asked for by {@code caller} (null: the engine itself).
     * Made on a request's thread, the short form takes that request's caller.
     */
    public record Envelope(String id, ContainerCommand command, Caller caller) {
        public Envelope(String id, ContainerCommand command) {
            this(id, command, Caller.current());
        }
    }

    public static Behavior<Envelope> create(ContainerEntity.Deps deps) {
        return Behaviors.setup(ctx -> {
            Map<String, ActorRef<ContainerCommand>> children = new HashMap<>();
            return Behaviors.receive(Envelope.class)
                .onMessage(Envelope.class, env -> {
                    children.computeIfAbsent(env.id(), id -> ctx.spawn(ContainerEntity.create(id, deps), id))
                            .tell(env.caller() == null ? env.command()
                                    : new ContainerCommand.Called(env.caller(), env.command()));
                    return Behaviors.same();
                })
                .build();
        });
    }

    private ContainerRegistry() {}
}
