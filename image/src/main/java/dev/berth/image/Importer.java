package dev.berth.image;

import dev.berth.image.ImageConfig.ContainerDefaults;
import dev.berth.image.ImageConfig.History;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker import}: a root filesystem tar (maybe compressed) becomes a one-layer image. The
 * body is kept as a blob, unpacked as a layer and described by a new config blob whose digest is
 * the image id. Registering the image (tags, journal) is the caller's business.
 */
public final class Importer {
    /** Commits import bodies (fsync, rename) beside the config blob's write; idle threads end after a minute. */
    private static final ExecutorService FSYNC = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "berth-import-fsync");
                t.setDaemon(true);
                return t;
            });

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
            Digest imageId;
            ImageConfig config;
            // One pass: the body is hashed and stored as the layer is unpacked from it; a plain
            // tar's diff id is that same digest.
            try (ContentStore.Pending pending = content.begin()) {
                InputStream tee = pending.tee(body);
                layer = layers.apply(null, tee, pending::digest);
                tee.transferTo(OutputStream.nullOutputStream()); // all of the body is the blob
                pending.digest();
                // The body blob's fsync and the config blob's (each before its rename) overlap: the
                // import waits for one disk flush, not two in a row. Both are durable, and named,
                // before this returns and so before the caller journals the image.
                Future<ContentStore.Written> committing = FSYNC.submit(pending::commit);
                try {
                    Instant now = Instant.now();
                    config = new ImageConfig(
                            architecture == null || architecture.isBlank() ? Platforms.hostArchitecture() : architecture,
                            os == null || os.isBlank() ? Platforms.hostOs() : os,
                            null, now, null, message, defaults, List.of(layer.diffId()),
                            List.of(new History(now, "", message, false)));
                    imageId = content.write(ImageConfigJson.write(config), null);
                } finally {
                    // joined in any case: the blob is closed (or deleted) only once its commit ended
                    ContentStore.Written written = await(committing);
                    blob = written.digest();
                    blobIsNew = written.created();
                }
            }
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

    /** The commit's result or its failure; an interrupt waits on (the commit cannot be stopped) and is kept. */
    private static ContentStore.Written await(Future<ContentStore.Written> committing) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return committing.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the commit still runs: wait for it before the blob is closed
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw EngineException.unavailable("cannot write blob: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
