package dev.berth.image;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Importer} stored.
 *
 * @param imageId digest of the config blob
 * @param layers base first
 * @param size bytes of file content in the unpacked layers (Docker's image Size)
 */
public record ImportResult(Digest imageId, ImageConfig config, List<LayerRef> layers, long size) {
    public ImportResult {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
    }
}
