package dev.berth.actors.image;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.spi.Caller;
import org.apache.pekko.actor.typed.ActorRef;

/** Commands of one image entity. */
public sealed interface ImageCommand {
    /** {@code command}, asked for by {@code caller} (issue 15): the registry wraps what a request sent. */
    record Called(Caller caller, ImageCommand command) implements ImageCommand {}

    /** Records an image whose bytes are already in the store. Storing a present image is a no-op. */
    record Store(ImageEvent.Stored image, ActorRef<Reply<Done>> replyTo) implements ImageCommand {}

    /** Journals a pull or push of a present image (docker's event, and its repo digest). */
    record RecordPull(ImageEvent.Pulled pulled, ActorRef<Reply<Done>> replyTo) implements ImageCommand {}

    record Remove(ActorRef<Reply<Done>> replyTo) implements ImageCommand {}
}
