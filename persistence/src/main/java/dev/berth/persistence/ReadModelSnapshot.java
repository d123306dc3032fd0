package dev.berth.persistence;

import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.image.ImageState;
import dev.berth.persistence.image.TagState;
import dev.berth.persistence.network.NetworkState;
import dev.berth.persistence.volume.VolumeState;
import java.util.Map;

/**
 * The read models' fold of the journal up to {@code ordering}, keyed by persistence id, so a start
 * replays only the events after it. Containers removed and images or networks gone are left out:
 * nothing can happen to them any more (ids are never reused; a re-stored image starts over).
 * {@code volumes} (active volumes by persistence id) came later: a snapshot without it reads as none,
 * which is right, since the daemon that wrote it had no volumes.
 */
public record ReadModelSnapshot(long ordering, Map<String, ContainerState> containers, Map<String, ImageState> images,
                                TagState tags, Map<String, NetworkState> networks,
                                Map<String, VolumeState> volumes) implements BerthSerializable {
    public ReadModelSnapshot {
        containers = Map.copyOf(containers);
        images = Map.copyOf(images);
        tags = tags == null ? TagState.empty() : tags;
        networks = Map.copyOf(networks);
        volumes = volumes == null ? Map.of() : Map.copyOf(volumes);
    }

    public static ReadModelSnapshot empty() {
        return new ReadModelSnapshot(0, Map.of(), Map.of(), TagState.empty(), Map.of(), Map.of());
    }
}
