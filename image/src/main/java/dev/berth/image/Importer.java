package dev.berth.image;

import dev.berth.image.ImageConfig.ContainerDefaults;
import dev.berth.image.ImageConfig.History;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * {@code docker import}: a root filesystem tar (maybe compressed) becomes a one-layer image. The
 * body is kept as a blob, unpacked as a layer and described by a new config blob whose digest is
 * the image id. Registering the image (tags, journal) is the caller's business.
 */
public final class Importer {
    private final ContentStore content;
    private final LayerStore layers;

    public Importer(ContentStore content, LayerStore layers) {
        this.content = content;
        this.layers = layers;
    }

    /**
     * @param changes Dockerfile instructions ({@code --change}), applied to an empty config
     * @param comment the message ({@code -m}); blank gives Docker's {@code Imported from -}
     * @param architecture null for the host's
     * @param os null for {@code linux}
     */
    public ImportResult importRootfs(InputStream body, List<String> changes, String comment,
                                     String architecture, String os) {
        // Bad changes fail before a byte of the body is stored.
        ContainerDefaults defaults = ConfigChanges.apply(ContainerDefaults.EMPTY, changes);
        String message = comment == null || comment.isBlank() ? "Imported from -" : comment;

        Digest blob = null;
        boolean blobIsNew = false;
        try {
            AppliedLayer layer;
            ContentStore.Written written;
            // One pass: the body is hashed and stored as the layer is unpacked from it; a plain
            // tar's diff id is that same digest.
            try (ContentStore.Pending pending = content.begin()) {
                InputStream tee = pending.tee(body);
                layer = layers.apply(null, tee, pending::digest);
                tee.transferTo(OutputStream.nullOutputStream()); // all of the body is the blob
                written = pending.commit();
            }
            blob = written.digest();
            blobIsNew = written.created();
            Instant now = Instant.now();
            ImageConfig config = new ImageConfig(
                    architecture == null || architecture.isBlank() ? Platforms.hostArchitecture() : architecture,
                    os == null || os.isBlank() ? Platforms.hostOs() : os,
                    null, now, null, message, defaults, List.of(layer.diffId()),
                    List.of(new History(now, "", message, false)));
            Digest imageId = content.write(ImageConfigJson.write(config), null);
            LayerRef ref = new LayerRef(layer.diffId(), layer.chainId(), blob, content.size(blob));
            blobIsNew = false;
            return new ImportResult(imageId, config, List.of(ref), layer.size());
        } catch (IOException e) {
            throw EngineException.unavailable("cannot import: " + e.getMessage(), e);
        } finally {
            if (blobIsNew) {
                content.delete(blob);
            }
        }
    }
}
