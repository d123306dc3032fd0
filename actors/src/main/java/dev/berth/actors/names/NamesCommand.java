package dev.berth.actors.names;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Reply;
import org.apache.pekko.actor.typed.ActorRef;

/** Commands of the container name directory. */
public sealed interface NamesCommand {
    /** Reserves {@code name} for {@code owner}; CONFLICT if another owner holds it. */
    record Reserve(String name, String owner, ActorRef<Reply<Done>> replyTo) implements NamesCommand {}

    /** Releases {@code name} if {@code owner} holds it; always succeeds. replyTo may be null. */
    record Release(String name, String owner, ActorRef<Reply<Done>> replyTo) implements NamesCommand {}
}
