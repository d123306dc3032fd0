package dev.berth.registry;

import dev.berth.image.Digest;
import dev.berth.image.Reference;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** HEAD {@code /v2/<name>/blobs/<digest>}: does the repository have the blob already? */
public final class BlobChecker {
    private final RegistryClient client;

    public BlobChecker(RegistryClient client) {
        this.client = client;
    }

    /** The blob's size when the repository has it; empty when it does not (404). */
    public OptionalLong check(Reference repo, Digest digest, RegistryAuth auth, boolean forPush) {
        RegistryRequest req = new RegistryRequest("HEAD", repo.domain(), "/v2/" + repo.path() + "/blobs/" + digest,
                null, Map.of(), null,
                List.of(forPush ? RegistryRequest.pushScope(repo) : RegistryRequest.pullScope(repo)),
                auth, !forPush, repo.name() + "@" + digest);
        HttpResponse<InputStream> r = client.send(req, s -> s == 200 || s == 404);
        RegistryClient.close(r);
        if (r.statusCode() == 404) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(r.headers().firstValueAsLong("Content-Length").orElse(-1));
    }
}
