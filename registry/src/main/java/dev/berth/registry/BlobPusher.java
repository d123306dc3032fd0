package dev.berth.registry;

import dev.berth.image.Digest;
import dev.berth.image.Reference;
import dev.berth.spi.ErrorKind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A monolithic blob upload: POST {@code /v2/<name>/blobs/uploads/} for a location, then one PUT of
 * the whole blob with {@code ?digest=}. The body streams from a file, so a retry resends it.
 */
public final class BlobPusher {
    private final RegistryClient client;

    public BlobPusher(RegistryClient client) {
        this.client = client;
    }

    /**
     * @param uploadLocation an upload already opened (by a failed mount), or null to open one
     * @param progress bytes sent so far; may be null
     */
    public void push(Reference repo, Digest digest, Path file, URI uploadLocation, RegistryAuth auth,
                     LongConsumer progress) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw RegistryErrors.of(ErrorKind.NOT_FOUND, "blob " + digest + " not readable: " + e.getMessage());
        }
        List<String> scopes = List.of(RegistryRequest.pushScope(repo));
        String what = "upload of " + digest + " to " + repo.name();
        URI location = uploadLocation;
        if (location == null) {
            RegistryRequest start = new RegistryRequest("POST", repo.domain(), "/v2/" + repo.path() + "/blobs/uploads/",
                    null, Map.of(), null, scopes, auth, false, what);
            HttpResponse<InputStream> r = client.send(start, s -> s == 202);
            RegistryClient.close(r);
            location = location(r);
        }
        String sep = location.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(location + sep + "digest=" + digest);
        LongConsumer p = progress == null ? n -> { } : progress;
        RegistryRequest upload = new RegistryRequest("PUT", repo.domain(), null, put,
                Map.of("Content-Type", "application/octet-stream"),
                () -> BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> counting(file, p)), size),
                scopes, auth, false, what);
        HttpResponse<InputStream> done = client.send(upload, s -> s == 201);
        RegistryClient.close(done);
    }

    static URI location(HttpResponse<?> r) {
        String loc = r.headers().firstValue("Location").orElseThrow(() -> RegistryErrors.of(ErrorKind.UNAVAILABLE,
                "registry opened an upload without a Location"));
        return r.uri().resolve(loc);
    }

    private static InputStream counting(Path file, LongConsumer progress) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                private long sent;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        sent += n;
                        progress.accept(sent);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
