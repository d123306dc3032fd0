package dev.berth.api;

import dev.berth.api.backend.BuildRequest;
import dev.berth.api.backend.Filters;
import dev.berth.api.backend.ImageBackend;
import dev.berth.api.backend.ProgressSink;
import dev.berth.api.model.DistributionInspect;
import dev.berth.api.model.DriverData;
import dev.berth.api.model.ImageDeleteItem;
import dev.berth.api.model.ImageInspect;
import dev.berth.api.model.ImageSummary;
import dev.berth.api.model.SearchResult;
import dev.berth.api.model.SystemDf;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/** Knows one image, {@code localhost:5000/a/b:tag}; import counts the bytes it reads. */
final class FakeImages implements ImageBackend {
    static final String NAME = "localhost:5000/a/b:tag";
    final CountDownLatch firstBytesSeen = new CountDownLatch(1);
    volatile long imported;
    volatile String taggedRepo;
    volatile BuildRequest lastBuild;

    @Override
    public void build(InputStream context, BuildRequest request, ProgressSink output, BooleanSupplier clientGone) {
        lastBuild = request;
        ImageBackend.super.build(context, request, output, clientGone);
    }

    @Override
    public String importImage(InputStream body, String repo, String tag, List<String> changes, String message,
                              String platform, ProgressSink progress) {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try {
            int n;
            while ((n = body.read(buf)) >= 0) {
                if (total == 0 && n > 0) {
                    firstBytesSeen.countDown();
                }
                total += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        imported = total;
        progress.status(null, "Importing", total, total);
        return "sha256:" + "ab".repeat(32);
    }

    volatile String searchedTerm;
    volatile int searchedLimit;

    @Override
    public DistributionInspect distributionInspect(String name, String registryAuth) {
        if (!name.equals(NAME)) {
            throw EngineException.notFound("manifest for " + name + " not found: manifest unknown: manifest unknown");
        }
        return new DistributionInspect(new DistributionInspect.Descriptor(
                "application/vnd.oci.image.index.v1+json", "sha256:" + "cd".repeat(32), 1609),
                List.of(new DistributionInspect.Platform("amd64", "linux", null),
                        new DistributionInspect.Platform("arm64", "linux", "v8")));
    }

    @Override
    public List<SearchResult> search(String term, int limit, Filters filters, String registryAuth) {
        searchedTerm = term;
        searchedLimit = limit;
        return List.of(new SearchResult(3037, true, "busybox", false, "Busybox base image."));
    }

    @Override
    public List<ImageSummary> list(boolean all, Filters filters, boolean digests) {
        return List.of();
    }

    boolean listedManifests;
    String requiredPlatform;

    @Override
    public void requirePlatform(String ref, String platformJson) {
        requiredPlatform = ref + " " + platformJson;
    }

    @Override
    public List<ImageSummary> list(boolean all, Filters filters, boolean digests, boolean manifests) {
        listedManifests = manifests;
        return list(all, filters, digests);
    }

    @Override
    public ImageInspect inspect(String ref) {
        if (!ref.equals(NAME)) {
            throw EngineException.notFound("No such image: " + ref);
        }
        return new ImageInspect("sha256:" + "ab".repeat(32), List.of(NAME), List.of(), null, null,
                "2024-05-06T07:08:09Z", null, null, null, "amd64", null, "linux", 1234,
                new DriverData("overlay2", Map.of()), new ImageInspect.RootFs("layers", List.of()),
                new ImageInspect.Metadata(null));
    }

    @Override
    public ImageInspect inspectWithManifests(String ref) {
        return inspect(ref).withManifests(List.of());
    }

    @Override
    public void tag(String ref, String repo, String tag) {
        inspect(ref);
        taggedRepo = repo + ":" + tag;
    }

    @Override
    public List<ImageDeleteItem> remove(String ref, boolean force, boolean noPrune) {
        inspect(ref);
        return List.of(ImageDeleteItem.untagged(ref), ImageDeleteItem.deleted("sha256:" + "ab".repeat(32)));
    }

    @Override
    public SystemDf diskUsage() {
        return new SystemDf(1234, List.of(new ImageSummary("sha256:" + "ab".repeat(32), "",
                List.of("busybox:latest"), List.of(), 0, 1234, 0, Map.of(), 1)),
                List.of(Map.of("Id", FakeContainers.WEB_ID)), List.of(), List.of());
    }
}
