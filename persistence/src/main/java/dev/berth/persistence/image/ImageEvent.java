package dev.berth.persistence.image;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Events of one image, persistence id {@code image|sha256:<hex>}. The image's bytes (config blob,
 * layer blobs, unpacked layer dirs) are written before {@link Stored} is journaled, so a journaled
 * image never lacks its layers.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ImageEvent.Stored.class, name = "stored"),
    @JsonSubTypes.Type(value = ImageEvent.Removed.class, name = "removed"),
})
public sealed interface ImageEvent extends BerthSerializable {
    Instant at();

    /**
     * @param id      sha256:… of the config blob (the image id)
     * @param source  how it arrived: {@code import}, {@code pull}, {@code build}, {@code commit}, {@code load}
     * @param created the config's creation time
     * @param size    bytes of the unpacked layers
     */
    record Stored(Instant at, String id, String source, Instant created, String architecture, String os,
                  List<Layer> layers, long size, Map<String, String> labels) implements ImageEvent {
        public Stored {
            layers = List.copyOf(layers);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    record Removed(Instant at) implements ImageEvent {}

    /** One layer: its uncompressed digest, chain id, the stored blob and the unpacked size. */
    record Layer(String diffId, String chainId, String blobDigest, long size) {}
}
