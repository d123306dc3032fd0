package dev.berth.actors.image;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Reply;
import dev.berth.spi.Caller;
import org.apache.pekko.actor.typed.ActorRef;

/** Commands of the tag directory. References are canonical ({@code docker.io/library/busybox:latest}). */
public sealed interface TagCommand {
    /** Points {@code reference} at {@code imageId}, moving it if it named another image. */
    record Tag(String reference, String imageId, ActorRef<Reply<Done>> replyTo, Caller caller) implements TagCommand {
        /** Asked for by the caller of the request this thread handles (null: none, the engine itself). */
        public Tag(String reference, String imageId, ActorRef<Reply<Done>> replyTo) {
            this(reference, imageId, replyTo, Caller.current());
        }
    }

    /** NOT_FOUND if the reference names nothing. */
    record Untag(String reference, ActorRef<Reply<String>> replyTo, Caller caller) implements TagCommand {
        /** Asked for by the caller of the request this thread handles (null: none, the engine itself). */
        public Untag(String reference, ActorRef<Reply<String>> replyTo) {
            this(reference, replyTo, Caller.current());
        }
    }
}
