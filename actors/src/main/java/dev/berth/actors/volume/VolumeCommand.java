package dev.berth.actors.volume;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.volume.VolumeConfig;
import dev.berth.persistence.volume.VolumeMount;
import dev.berth.persistence.volume.VolumeState;
import dev.berth.spi.Caller;
import org.apache.pekko.actor.typed.ActorRef;

/** Commands of one volume entity. */
public sealed interface VolumeCommand {
    /** {@code command}, asked for by {@code caller} (issue 15): the registry wraps what a request sent. */
    record Called(Caller caller, VolumeCommand command) implements VolumeCommand {}

    /** Journals the volume; for one that exists with the same driver, answers it as it is (Docker's idempotent create). */
    record Create(VolumeConfig config, ActorRef<Reply<VolumeState.Active>> replyTo) implements VolumeCommand {}

    /** A container refers to the volume from now on. Idempotent. */
    record Use(String containerId, ActorRef<Reply<Done>> replyTo) implements VolumeCommand {}

    /** The container no longer refers to it (and no longer mounts it). Idempotent. */
    record Release(String containerId, ActorRef<Reply<Done>> replyTo) implements VolumeCommand {}

    /** Journals the mount before the driver is asked. Idempotent for the same mount. */
    record Mount(VolumeMount mount, ActorRef<Reply<VolumeState.Active>> replyTo) implements VolumeCommand {}

    /** Idempotent. */
    record Unmount(String containerId, ActorRef<Reply<Done>> replyTo) implements VolumeCommand {}

    /** Journals the removal unless in use; answers what the volume was, for the driver. */
    record Remove(ActorRef<Reply<VolumeState.Active>> replyTo) implements VolumeCommand {}
}
