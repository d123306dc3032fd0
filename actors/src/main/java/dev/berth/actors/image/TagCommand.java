package dev.berth.actors.image;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Reply;
import org.apache.pekko.actor.typed.ActorRef;

/** Commands of the tag directory. References are canonical ({@code docker.io/library/busybox:latest}). */
public sealed interface TagCommand {
    /** Points {@code reference} at {@code imageId}, moving it if it named another image. */
    record Tag(String reference, String imageId, ActorRef<Reply<Done>> replyTo) implements TagCommand {}

    /** NOT_FOUND if the reference names nothing. */
    record Untag(String reference, ActorRef<Reply<String>> replyTo) implements TagCommand {}
}
