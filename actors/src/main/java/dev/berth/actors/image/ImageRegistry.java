package dev.berth.actors.image;

import dev.berth.actors.support.LiveEvents;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Parent of the image entities; wakes each lazily and routes by image id. */
public final class ImageRegistry {

    public record Envelope(String imageId, ImageCommand command) {}

    public static Behavior<Envelope> create(ImageView view, LiveEvents live) {
        return Behaviors.setup(ctx -> {
            Map<String, ActorRef<ImageCommand>> children = new HashMap<>();
            return Behaviors.receive(Envelope.class)
                .onMessage(Envelope.class, env -> {
                    children.computeIfAbsent(env.imageId(), id -> ctx.spawn(ImageEntity.create(id, view, live),
                                    id.replace(':', '-')))
                            .tell(env.command());
                    return Behaviors.same();
                })
                .build();
        });
    }

    private ImageRegistry() {}
}
