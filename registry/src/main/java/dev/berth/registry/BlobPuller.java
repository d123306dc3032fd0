package dev.berth.registry;

import dev.berth.image.Digest;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * GET {@code /v2/<name>/blobs/<digest>}, streamed into the caller's sink while it is hashed. The
 * sink sees the bytes as they arrive (so a layer can be unpacked during its download); the digest
 * and size are checked when the stream ends, and a mismatch or a short body fails the sink's read.
 */
public final class BlobPuller {
    private final RegistryClient client;

    /** Consumes a blob's stream; need not read it to the end (the rest is read and verified). */
    @FunctionalInterface
    public interface Sink<T> {
        T accept(InputStream in) throws IOException;
    }

    public BlobPuller(RegistryClient client) {
        this.client = client;
    }

    /**
     * @param size the descriptor's size, or -1 when unknown
     * @param progress called with the bytes read so far, on the reading thread; may be null
     * @return what the sink returned, once the blob is verified
     */
    public <T> T pull(Reference repo, Digest digest, long size, RegistryAuth auth, LongConsumer progress, Sink<T> sink) {
        RegistryRequest req = RegistryRequest.read("GET", repo, "/blobs/" + digest, auth,
                repo.name() + "@" + digest, Map.of());
        HttpResponse<InputStream> r = client.send(req, s -> s == 200);
        try (InputStream body = r.body()) {
            VerifyingInputStream in = new VerifyingInputStream(body, digest, size, progress);
            T result = sink.accept(in);
            in.finish();
            return result;
        } catch (EngineException e) {
            throw e;
        } catch (IOException | UncheckedIOException e) {
            throw RegistryErrors.unreachable("error pulling blob " + digest, e instanceof UncheckedIOException u ? u.getCause() : (Exception) e);
        }
    }

    /** The whole blob in memory, for small ones (configs). */
    public byte[] pullBytes(Reference repo, Digest digest, long size, RegistryAuth auth) {
        if (size > ManifestPuller.MAX_MANIFEST_BYTES * 2L) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "blob " + digest + " too large to read into memory");
        }
        return pull(repo, digest, size, auth, null, InputStream::readAllBytes);
    }
}
