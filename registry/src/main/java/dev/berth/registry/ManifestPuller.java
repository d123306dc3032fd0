package dev.berth.registry;

import dev.berth.image.Digest;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;

/** GET {@code /v2/<name>/manifests/<tag|digest>}, accepting OCI and Docker manifests and indexes. */
public final class ManifestPuller {
    /** The distribution registry's own limit; a bigger "manifest" is not one. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final RegistryClient client;

    public ManifestPuller(RegistryClient client) {
        this.client = client;
    }

    /**
     * @param tagOrDigest a tag, or {@code sha256:…}; by digest, the bytes are checked against it
     * @throws RegistryException NOT_FOUND {@code manifest unknown: …} when the registry has none
     */
    public PulledManifest pull(Reference repo, String tagOrDigest, RegistryAuth auth) {
        String what = repo.name() + ":" + tagOrDigest;
        RegistryRequest req = RegistryRequest.read("GET", repo, "/manifests/" + tagOrDigest, auth, what,
                Map.of("Accept", MediaTypes.MANIFEST_ACCEPT));
        HttpResponse<InputStream> r = client.send(req, s -> s == 200);
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw RegistryErrors.unreachable("cannot read manifest " + what, e);
        }
        if (bytes.length > MAX_MANIFEST_BYTES) {
            throw EngineException.invalid("manifest " + what + " is larger than 4 MiB");
        }
        Digest actual = Digest.of(bytes);
        if (tagOrDigest.startsWith("sha256:")) {
            Digest wanted = Digest.parse(tagOrDigest);
            if (!wanted.equals(actual)) {
                throw RegistryErrors.of(ErrorKind.INVALID_ARGUMENT,
                        "manifest verification failed for digest " + wanted + ": got " + actual);
            }
        } else {
            String header = r.headers().firstValue("Docker-Content-Digest").orElse(null);
            if (header != null && header.startsWith("sha256:") && !Digest.parse(header).equals(actual)) {
                throw RegistryErrors.of(ErrorKind.INVALID_ARGUMENT, "manifest verification failed for " + what
                        + ": registry says " + header + ", content is " + actual);
            }
        }
        String contentType = MediaTypes.bare(r.headers().firstValue("Content-Type").orElse(null));
        ManifestDocument doc = ManifestJson.parse(bytes, contentType);
        return new PulledManifest(bytes, doc.mediaType(), actual);
    }
}
