package dev.berth.registry;

import dev.berth.image.Digest;
import dev.berth.image.Reference;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-repository mount: POST {@code /v2/<name>/blobs/uploads/?mount=<digest>&from=<repo>}. The
 * registry links the blob (201) or, when it cannot, opens an ordinary upload (202) whose location
 * {@link BlobPusher} may use, saving a round trip.
 */
public final class BlobMounter {
    private final RegistryClient client;

    /** Mounted, or the upload the registry opened instead. */
    public record Result(boolean mounted, URI uploadLocation) {}

    public BlobMounter(RegistryClient client) {
        this.client = client;
    }

    public Result mount(Reference target, Digest digest, Reference from, RegistryAuth auth) {
        String q = "?mount=" + digest + "&from=" + URLEncoder.encode(from.path(), StandardCharsets.UTF_8);
        RegistryRequest req = new RegistryRequest("POST", target.domain(),
                "/v2/" + target.path() + "/blobs/uploads/" + q, null, Map.of(), null,
                List.of(RegistryRequest.pushScope(target), RegistryRequest.pullScope(from)),
                auth, false, "mount of " + digest + " from " + from.name() + " into " + target.name());
        HttpResponse<InputStream> r = client.send(req, s -> s == 201 || s == 202);
        RegistryClient.close(r);
        if (r.statusCode() == 201) {
            return new Result(true, null);
        }
        return new Result(false, BlobPusher.location(r));
    }

    /** Same registry only; the mount source must differ from the target. */
    static boolean canMount(Reference target, Reference from) {
        return from != null && from.domain().equals(target.domain()) && !from.path().equals(target.path());
    }

    static Optional<Reference> source(Reference target, Reference from) {
        return canMount(target, from) ? Optional.of(from) : Optional.empty();
    }
}
