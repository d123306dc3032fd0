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
            long[] incarnation = {0};
            return Behaviors.receive(Envelope.class)
                .onMessage(Envelope.class, env -> {
                    if (env.command() instanceof ContainerCommand.Passivate p) {
                        // Removed and cleaned up: stop it behind what was routed to it already; a later
                        // command for the id wakes a new one, which recovers as removed and answers so.
                        if (p.entity().equals(children.get(env.id()))) {
                            children.remove(env.id());
                            p.entity().tell(new ContainerCommand.StopEntity());
                        }
                        return Behaviors.same();
                    }
                    // a unique name: the stopping incarnation may still hold the id's for a moment
                    children.computeIfAbsent(env.id(), id -> ctx.spawn(ContainerEntity.create(id, deps, ctx.getSelf()),
                                    id + "-" + (++incarnation[0])))
                            .tell(env.caller() == null ? env.command()
                                    : new ContainerCommand.Called(env.caller(), env.command()));
                    return Behaviors.same();
                })
                .build();
        });
    }

    private ContainerRegistry() {}
}
