package dev.berth.actors.image;

import dev.berth.image.Digest;
import dev.berth.image.ImageConfig;
import dev.berth.image.LayerRef;
import dev.berth.image.LayerStore;
import dev.berth.persistence.image.ImageEvent;
import java.time.Instant;
import java.util.List;

/** Builds the journaled record of an image whose bytes are in the stores. */
final class StoredImages {
    private StoredImages() {}

    static ImageEvent.Stored of(String source, Digest imageId, ImageConfig config, List<LayerRef> refs,
                                LayerStore layers, List<String> repoDigests, String origin) {
        long size = 0;
        for (LayerRef l : refs) {
            size += layers.diskSize(l.chainId());
        }
        var journaled = refs.stream()
                .map(l -> new ImageEvent.Layer(l.diffId().toString(), l.chainId().toString(),
                        l.blobDigest().toString(), l.size()))
                .toList();
        return new ImageEvent.Stored(Instant.now(), imageId.toString(), source,
                config.created() == null ? Instant.EPOCH : config.created(), config.architecture(), config.os(),
                journaled, size, config.config().labels(), config.variant(), repoDigests, origin);
    }

    /** The layers of a journaled image, as the stores key them. */
    static List<LayerRef> layers(ImageEvent.Stored image) {
        return image.layers().stream()
                .map(l -> new LayerRef(Digest.parse(l.diffId()), Digest.parse(l.chainId()), Digest.parse(l.blobDigest()),
                        l.size()))
                .toList();
    }
}
