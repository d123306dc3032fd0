package dev.berth.actors.image;

import dev.berth.actors.support.LiveEvents;
import dev.berth.spi.Caller;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Parent of the image entities; wakes each lazily and routes by image id. */
public final class ImageRegistry {

    /**
     * A command for the entity, asked for by {@code caller} (null: the engine itself). Made on a
     * request's thread, the short form takes that request's caller.
     */
    public record Envelope(String imageId, ImageCommand command, Caller caller) {
        public Envelope(String imageId, ImageCommand command) {
            this(imageId, command, Caller.current());
        }
    }

    public static Behavior<Envelope> create(ImageView view, LiveEvents live) {
        return Behaviors.setup(ctx -> {
            Map<String, ActorRef<ImageCommand>> children = new HashMap<>();
            return Behaviors.receive(Envelope.class)
                .onMessage(Envelope.class, env -> {
                    children.computeIfAbsent(env.imageId(), id -> ctx.spawn(ImageEntity.create(id, view, live),
                                    id.replace(':', '-')))
                            .tell(env.caller() == null ? env.command()
                                    : new ImageCommand.Called(env.caller(), env.command()));
                    return Behaviors.same();
                })
                .build();
        });
    }

    private ImageRegistry() {}
}
