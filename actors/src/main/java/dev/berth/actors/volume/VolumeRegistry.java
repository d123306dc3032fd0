package dev.berth.actors.volume;

import dev.berth.actors.support.LiveEvents;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Parent of the volume entities; wakes each lazily and routes by volume name. */
public final class VolumeRegistry {
    public record Envelope(String name, VolumeCommand command) {}

    public static Behavior<Envelope> create(VolumeView view, LiveEvents live) {
        return Behaviors.setup(ctx -> {
            Map<String, ActorRef<VolumeCommand>> children = new HashMap<>();
            return Behaviors.receive(Envelope.class)
                    .onMessage(Envelope.class, env -> {
                        // Names are [a-zA-Z0-9][a-zA-Z0-9_.-]+ (checked before any command): valid actor names.
                        children.computeIfAbsent(env.name(), n -> ctx.spawn(VolumeEntity.create(n, view, live), n))
                                .tell(env.command());
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private VolumeRegistry() {}
}
