package dev.berth.registry;

import dev.berth.image.Digest;
import dev.berth.image.Reference;
import dev.berth.spi.ErrorKind;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** PUT {@code /v2/<name>/manifests/<tag|digest>} with the manifest's media type. */
public final class ManifestPusher {
    private final RegistryClient client;

    public ManifestPusher(RegistryClient client) {
        this.client = client;
    }

    /** @return the manifest's digest (the registry's {@code Docker-Content-Digest}, checked against the bytes) */
    public Digest push(Reference repo, String tagOrDigest, byte[] bytes, String mediaType, RegistryAuth auth) {
        Digest computed = Digest.of(bytes);
        RegistryRequest req = new RegistryRequest("PUT", repo.domain(),
                "/v2/" + repo.path() + "/manifests/" + tagOrDigest, null, Map.of("Content-Type", mediaType),
                () -> BodyPublishers.ofByteArray(bytes), List.of(RegistryRequest.pushScope(repo)), auth, false,
                repo.name() + ":" + tagOrDigest);
        HttpResponse<InputStream> r = client.send(req, s -> s == 201 || s == 200);
        RegistryClient.close(r);
        String header = r.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (header != null && header.startsWith("sha256:") && !Digest.parse(header).equals(computed)) {
            throw RegistryErrors.of(ErrorKind.UNAVAILABLE,
                    "registry stored manifest as " + header + " but its bytes hash to " + computed);
        }
        return computed;
    }
}
