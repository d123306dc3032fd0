package dev.berth.actors.volume;

import dev.berth.actors.support.LiveEvents;
import dev.berth.spi.Caller;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Parent of the volume entities; wakes each lazily and routes by volume name. */
public final class VolumeRegistry {
    /**
     * A command for the entity, asked for by {@code caller} (null: the engine itself). Made on a
     * request's thread, the short form takes that request's caller.
     */
    public record Envelope(String name, VolumeCommand command, Caller caller) {
        public Envelope(String name, VolumeCommand command) {
            this(name, command, Caller.current());
        }
    }

    public static Behavior<Envelope> create(VolumeView view, LiveEvents live) {
        return Behaviors.setup(ctx -> {
            Map<String, ActorRef<VolumeCommand>> children = new HashMap<>();
            return Behaviors.receive(Envelope.class)
                    .onMessage(Envelope.class, env -> {
                        // Names are [a-zA-Z0-9][a-zA-Z0-9_.-]+ (checked before any command): valid actor names.
                        children.computeIfAbsent(env.name(), n -> ctx.spawn(VolumeEntity.create(n, view, live), n))
                                .tell(env.caller() == null ? env.command()
                                    : new VolumeCommand.Called(env.caller(), env.command()));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private VolumeRegistry() {}
}
