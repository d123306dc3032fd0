package dev.berth.persistence.volume;

import java.util.Objects;

/** A running container's mount of a volume, as {@code docker events} reports it. */
public record VolumeMount(String containerId, String destination, boolean readWrite, String propagation) {
    public VolumeMount {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(destination, "destination");
        propagation = propagation == null ? "" : propagation;
    }
}
