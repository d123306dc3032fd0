package dev.berth.registry;

import java.util.List;
import java.util.Objects;

/** An image manifest (OCI or Docker schema2): the config blob and the layer blobs, base first. */
public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers) implements ManifestDocument {
    public Manifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
    }
}
