package dev.berth.registry;

/** What a manifest endpoint serves: an image manifest or an index (manifest list). */
public sealed interface ManifestDocument permits Manifest, ManifestIndex {
    String mediaType();
}
