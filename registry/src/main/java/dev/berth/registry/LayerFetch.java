package dev.berth.registry;

import dev.berth.image.AppliedLayer;
import dev.berth.image.ChainId;
import dev.berth.image.ContentStore;
import dev.berth.image.Digest;
import dev.berth.image.LayerRef;
import dev.berth.image.LayerStore;
import dev.berth.image.Reference;
import dev.berth.image.StagedBlob;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * One pull's layers: downloads on a bounded pool, unpacking in chain order on the calling thread.
 *
 * <p>A layer's bytes reach the extractor one of two ways. If, when its download starts, every
 * layer below it is already unpacked, the download is teed: one copy into the content store, one
 * through a {@link Pipe} straight into {@code LayerStore.apply}, so it is unpacked while it
 * arrives. Otherwise it is downloaded into the content store and unpacked from there once its
 * parent is, starting before its blob is fsynced ({@link StagedBlob}): the pull answers only once
 * every blob is committed, and a blob that fails to commit fails it. Either way the blob is digest-checked, the unpacked layer's diff id is checked against
 * the config, and a failed download is retried (from the start, into the store) when the failure
 * may pass. A layer whose chain id is already in the layer store, and whose blob is in the content
 * store, is not fetched ("Already exists").
 *
 * <p>Each byte is hashed once per digest it is checked against: the download's verifier hashes the
 * blob (the content store takes its word, {@code writeSelfVerifying}), and a plain tar's diff id is
 * that same verified digest, so only a compressed layer's tar is hashed again while unpacking. A
 * blob found already in the store was not hashed by this pull and is hashed as it unpacks.
 */
final class LayerFetch {
    private static final int ATTEMPTS = 3;

    private final Reference ref;
    private final RegistryAuth auth;
    private final ContentStore content;
    private final LayerStore layers;
    private final BlobPuller blobs;
    private final ProgressListener progress;
    private final int concurrency;
    /** Index of the layer the extractor waits for; a download for it may stream. */
    private final AtomicInteger nextToApply = new AtomicInteger(0);
    /**
     * Every download that gave up, also one whose bytes the extractor had already taken (its blob
     * then failed to reach the disk): the pull fails unless this is empty once the downloads end.
     */
    private final List<EngineException> downloadFailures = new CopyOnWriteArrayList<>();

    /** How the extractor gets one layer's bytes. */
    private sealed interface Source permits Stored, Piped, Failed {}

    /**
     * @param stagedOrNull the blob as this pull wrote it, every byte hashed on the way, readable
     *     while it is fsynced; null for a blob that was in the store already
     */
    private record Stored(Digest blob, StagedBlob stagedOrNull) implements Source {}

    private record Piped(Pipe pipe) implements Source {}

    private record Failed(EngineException error) implements Source {}

    LayerFetch(Reference ref, RegistryAuth auth, ContentStore content, LayerStore layers, BlobPuller blobs,
               ProgressListener progress, int concurrency) {
        this.ref = ref;
        this.auth = auth;
        this.content = content;
        this.layers = layers;
        this.blobs = blobs;
        this.progress = progress;
        this.concurrency = concurrency;
    }

    List<LayerRef> fetch(List<Descriptor> descriptors, List<Digest> diffIds) {
        int n = descriptors.size();
        List<Digest> chainIds = ChainId.of(diffIds);
        boolean[] present = new boolean[n];
        List<BlockingQueue<Source>> sources = new ArrayList<>(n);
        int toFetch = 0;
        for (int i = 0; i < n; i++) {
            sources.add(new LinkedBlockingQueue<>());
            // The unpacked layer alone is not enough: push and save need its blob too (a collection
            // may have taken the blob of a layer only a container still used).
            present[i] = layers.exists(chainIds.get(i)) && content.exists(descriptors.get(i).digest());
            String id = descriptors.get(i).digest().shortId();
            if (present[i]) {
                progress.progress(id, "Already exists", -1, -1);
            } else {
                progress.progress(id, "Pulling fs layer", -1, -1);
                toFetch++;
            }
        }
        if (toFetch == 0) {
            return refs(descriptors, diffIds, chainIds);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, toFetch), r -> {
            Thread t = new Thread(r, "pull-" + ref.path());
            t.setDaemon(true);
            return t;
        });
        try {
            int queued = 0;
            for (int i = 0; i < n; i++) {
                if (present[i]) {
                    continue;
                }
                int index = i;
                if (queued++ >= concurrency) {
                    progress.progress(descriptors.get(i).digest().shortId(), "Waiting", -1, -1);
                }
                pool.execute(() -> download(index, descriptors.get(index), sources.get(index)));
            }
            Digest parent = null;
            for (int i = 0; i < n; i++) {
                nextToApply.set(i);
                if (!present[i]) {
                    extract(i, parent, descriptors.get(i), diffIds.get(i), sources.get(i));
                }
                parent = chainIds.get(i);
            }
            nextToApply.set(n);
            // A streamed layer is unpacked before its download has renamed the blob into the store;
            // let those downloads finish rather than interrupt them (a push needs the blob).
            pool.shutdown();
            awaitDownloads(pool);
            if (!downloadFailures.isEmpty()) {
                throw downloadFailures.get(0);
            }
            return refs(descriptors, diffIds, chainIds);
        } finally {
            pool.shutdownNow();
            try {
                // Let cut-short downloads remove their temp files before the caller reports.
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void awaitDownloads(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                throw EngineException.unavailable("layer downloads did not finish storing their blobs", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorKind.UNAVAILABLE, "pull interrupted");
        }
    }

    private static List<LayerRef> refs(List<Descriptor> descriptors, List<Digest> diffIds, List<Digest> chainIds) {
        List<LayerRef> out = new ArrayList<>();
        for (int i = 0; i < descriptors.size(); i++) {
            Descriptor d = descriptors.get(i);
            out.add(new LayerRef(diffIds.get(i), chainIds.get(i), d.digest(), d.size()));
        }
        return out;
    }

    /** On a pool thread: fetch one blob, offering its bytes to the extractor. */
    private void download(int index, Descriptor d, BlockingQueue<Source> out) {
        String id = d.digest().shortId();
        for (int attempt = 1; ; attempt++) {
            boolean stream = attempt == 1 && nextToApply.get() == index && !content.exists(d.digest());
            Pipe pipe = stream ? new Pipe() : null;
            try {
                if (content.exists(d.digest())) {
                    progress.progress(id, "Download complete", -1, -1);
                    out.add(new Stored(d.digest(), null));
                    return;
                }
                LongConsumer bar = new Throttle(progress, id, "Downloading", d.size());
                if (stream) {
                    out.add(new Piped(pipe));
                    blobs.pull(ref, d.digest(), d.size(), auth, bar, in -> {
                        try (InputStream tee = new PipeTee(in, pipe)) {
                            return content.writeSelfVerifying(tee, d.digest());
                        }
                    });
                } else {
                    StagedBlob staged = blobs.pull(ref, d.digest(), d.size(), auth, bar, in -> content.stage(in, d.digest()));
                    try (staged) {
                        progress.progress(id, "Verifying Checksum", -1, -1);
                        progress.progress(id, "Download complete", -1, -1);
                        // Unpacking need not wait for the disk; the pull's answer does (fetch waits for
                        // every download, and a commit that fails fails the pull).
                        out.add(new Stored(d.digest(), staged));
                        commit(staged);
                    }
                }
                return;
            } catch (RuntimeException e) {
                EngineException err = e instanceof EngineException ee ? ee
                        : EngineException.internal("download of " + d.digest() + " failed: " + e, e);
                if (pipe != null) {
                    pipe.fail(err);
                }
                boolean retry = err.kind() == ErrorKind.UNAVAILABLE && attempt < ATTEMPTS
                        && (pipe == null || !pipe.abortedByConsumer()) && !Thread.currentThread().isInterrupted();
                if (!retry) {
                    downloadFailures.add(err);
                    out.add(new Failed(err));
                    return;
                }
                int seconds = attempt * 2;
                progress.progress(id, "Retrying in " + seconds + " second" + (seconds == 1 ? "" : "s"), -1, -1);
                try {
                    Thread.sleep(seconds * 1000L);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    downloadFailures.add(err);
                    out.add(new Failed(err));
                    return;
                }
            }
        }
    }

    /** Not retried: the extractor has the bytes already; a failure here fails the pull. */
    private void commit(StagedBlob staged) {
        try {
            staged.commit();
        } catch (RuntimeException e) {
            downloadFailures.add(e instanceof EngineException ee ? ee
                    : EngineException.internal("cannot store blob: " + e, e));
        }
    }

    /** On the calling thread: unpack layer {@code i} on {@code parent} once its bytes come. */
    private void extract(int i, Digest parent, Descriptor d, Digest diffId, BlockingQueue<Source> in) {
        String id = d.digest().shortId();
        while (true) {
            Source s;
            try {
                s = in.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(ErrorKind.UNAVAILABLE, "pull interrupted");
            }
            if (s instanceof Failed f) {
                throw f.error();
            }
            LongConsumer bar = new Throttle(progress, id, "Extracting", d.size());
            if (s instanceof Stored stored) {
                StagedBlob staged = stored.stagedOrNull();
                try (InputStream blob = staged != null ? staged.open() : content.open(stored.blob())) {
                    check(i, d, diffId, apply(parent, new CountingInputStream(blob, bar), staged != null ? d.digest() : null));
                } catch (IOException e) {
                    throw EngineException.unavailable("cannot read blob " + d.digest() + ": " + e.getMessage(), e);
                }
                progress.progress(id, "Pull complete", -1, -1);
                return;
            }
            Pipe pipe = ((Piped) s).pipe();
            try {
                AppliedLayer applied = apply(parent, new CountingInputStream(pipe.source, bar), d.digest());
                // Wait for the producer's verdict (the digest) before trusting the layer.
                pipe.source.transferTo(java.io.OutputStream.nullOutputStream());
                progress.progress(id, "Verifying Checksum", -1, -1);
                progress.progress(id, "Download complete", -1, -1);
                check(i, d, diffId, applied);
                progress.progress(id, "Pull complete", -1, -1);
                return;
            } catch (IOException | RuntimeException e) {
                if (pipe.producerFailure() != null) {
                    continue; // the download failed; it retries into the store or reports Failed
                }
                pipe.abort(e);
                throw e instanceof EngineException ee ? ee
                        : EngineException.invalid("cannot unpack layer " + d.digest() + ": " + e.getMessage());
            }
        }
    }

    /**
     * @param verifiedDigest the blob's digest when every byte of {@code compressed} was hashed and
     *     checked against it in this pull (the pipe ends only once the download verified it): for a
     *     plain tar that digest is the diff id, and the tar is not hashed again (the store decodes a
     *     compressed one, zstd included, and hashes the tar); null to hash
     */
    private AppliedLayer apply(Digest parent, InputStream compressed, Digest verifiedDigest) {
        return layers.apply(parent, compressed, verifiedDigest != null ? () -> verifiedDigest : null);
    }

    private void check(int i, Descriptor d, Digest diffId, AppliedLayer applied) {
        if (!applied.diffId().equals(diffId)) {
            throw EngineException.invalid("layer " + d.digest() + " unpacks to " + applied.diffId()
                    + " but the image configuration lists " + diffId + " for layer " + i);
        }
    }
}
