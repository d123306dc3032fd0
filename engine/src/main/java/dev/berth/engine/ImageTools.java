package dev.berth.engine;

import dev.berth.actors.container.ContainerService;
import dev.berth.actors.image.ImageArchiveWorkflow;
import dev.berth.actors.image.ImageCommitWorkflow;
import dev.berth.actors.image.ImageGc;
import dev.berth.actors.image.ImageService;
import dev.berth.api.backend.Filters;
import dev.berth.api.backend.ImageBackend;
import dev.berth.api.backend.ProgressSink;
import dev.berth.api.model.BuildCacheRecord;
import dev.berth.api.model.ImageDeleteItem;
import dev.berth.api.model.ImageHistoryItem;
import dev.berth.api.model.ImagePruneReport;
import dev.berth.api.model.ImageSummary;
import dev.berth.api.model.SystemDf;
import dev.berth.image.Digest;
import dev.berth.image.ImageConfig;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.spi.EngineException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** save, load, history, commit, prune, df and garbage collection for the images backend. */
final class ImageTools {
    private final ImageService images;
    private final ContainerService containers;
    private final ImageWorkflows flows;
    private final Path dataRoot;

    ImageTools(ImageService images, ContainerService containers, ImageWorkflows flows, Path dataRoot) {
        this.images = images;
        this.containers = containers;
        this.flows = flows;
        this.dataRoot = dataRoot;
    }

    private ImageWorkflows flows() {
        if (flows == null) {
            throw EngineException.unavailable("image tools are not configured", null);
        }
        return flows;
    }

    ImageBackend.Archive save(List<String> names) {
        ImageArchiveWorkflow.Saver saver = flows().archives().save(names);
        return saver::writeTo;
    }

    /** @param wanted the platform to load (the archive's others are skipped), or null for all */
    void load(InputStream body, boolean quiet, dev.berth.registry.Platform wanted, ProgressSink progress) {
        java.util.function.Predicate<ImageConfig> keep = wanted == null ? cfg -> true
                : cfg -> wanted.accepts(CreatePlatform.of(cfg));
        ImageArchiveWorkflow.Loaded loaded = flows().archives().load(body, (id, status, current, total) -> { }, keep);
        loaded.lines().forEach(l -> progress.stream(l + "\n"));
        if (loaded.skipped() > 0) {
            collect(); // the skipped images' layers were unpacked as the archive streamed in
        }
    }

    List<ImageHistoryItem> history(String ref) {
        String id = images.resolve(ref);
        ImageEvent.Stored img = images.get(id);
        ImageConfig cfg = images.config(id);
        List<ImageEvent.Layer> layers = img.layers();
        List<ImageHistoryItem> out = new ArrayList<>();
        int layer = 0;
        List<ImageConfig.History> history = cfg.history();
        if (history.isEmpty()) {
            for (ImageEvent.Layer l : layers) {
                history = new ArrayList<>(history);
                history.add(new ImageConfig.History(cfg.created(), "", "", false));
            }
        }
        for (ImageConfig.History h : history) {
            long size = 0;
            if (!h.emptyLayer() && layer < layers.size()) {
                size = flows == null ? layers.get(layer).size()
                        : flows.layers().diskSize(Digest.parse(layers.get(layer).chainId()));
                layer++;
            }
            long created = h.created() == null ? 0 : h.created().getEpochSecond();
            out.add(0, new ImageHistoryItem("<missing>", created, h.createdBy(), null, size, h.comment()));
        }
        // as dockerd: the entries from the top get the image and then its parents, while there are parents
        // here (a built or committed image's steps are its ancestors), each with its tags
        var parents = out.size() > 1 ? images.parents() : null;
        String at = id;
        for (int i = 0; i < out.size() && at != null; i++) {
            ImageHistoryItem h = out.get(i);
            out.set(i, new ImageHistoryItem(at, h.created(), h.createdBy(), tagsOf(at), h.size(), h.comment()));
            at = parents == null ? null : parents.parent(at);
        }
        return out;
    }

    /** The image's tags, familiar (dockerd's history lists tags, not digests). */
    private List<String> tagsOf(String id) {
        List<String> tags = images.view().referencesOf(id).stream().filter(r -> !r.contains("@"))
                .map(ImageService::familiar).toList();
        return tags.isEmpty() ? null : tags;
    }

    String commit(String container, String repo, String tag, String comment, String author, List<String> changes) {
        ContainerState state = containers.get(container);
        var info = state.info();
        ContainerConfig c = info.config();
        var defaults = new ImageConfig.ContainerDefaults(c.user(), c.env(), c.cmd(), c.entrypoint(), c.workingDir(),
                c.labels(), c.exposedPorts() == null ? Set.of() : new HashSet<>(c.exposedPorts()),
                c.volumes() == null ? Set.of() : new HashSet<>(c.volumes()), c.stopSignal(),
                c.healthcheck() == null ? null : new ImageConfig.HealthConfig(c.healthcheck().test(),
                        c.healthcheck().interval(), c.healthcheck().timeout(), c.healthcheck().startPeriod(),
                        c.healthcheck().startInterval(), c.healthcheck().retries()));
        // A container's config has no SHELL or ONBUILD of its own: as in dockerd, the image's carry over.
        ImageConfig.ContainerDefaults image = images.config(info.imageId()).config();
        defaults = defaults.withShell(image.shell());
        for (String trigger : image.onBuild()) {
            defaults = defaults.withOnBuildTrigger(trigger);
        }
        List<String> command = new ArrayList<>();
        if (c.entrypoint() != null) {
            command.addAll(c.entrypoint());
        }
        if (c.cmd() != null) {
            command.addAll(c.cmd());
        }
        Path upper = dataRoot.resolve("containers").resolve(info.id()).resolve("overlay").resolve("diff");
        return flows().commits().commit(new ImageCommitWorkflow.Request(info.id(), info.imageId(), upper, defaults,
                String.join(" ", command), changes, comment, author, repo, tag));
    }

    ImagePruneReport prune(Filters filters, ImageService.Users users) {
        boolean all = filters.get("dangling").stream().anyMatch(d -> d.equals("false") || d.equals("0"));
        PruneFilters filter = PruneFilters.of(filters, Instant.now());
        Predicate<ImageEvent.Stored> keep = img -> filter.test(img.created(), img.labels());
        ImageGc.Pruned p = flows().gc().prune(all, users, keep, containerLayers());
        List<ImageDeleteItem> items = p.deleted().stream()
                .map(e -> e.getKey().equals("Deleted") ? ImageDeleteItem.deleted(e.getValue())
                        : ImageDeleteItem.untagged(e.getValue()))
                .toList();
        return new ImagePruneReport(items, p.spaceReclaimed());
    }

    /** Deletes blobs and layer dirs no image or container uses; returns the bytes freed. */
    long collect() {
        return flows == null ? 0 : flows.gc().collect(containerLayers()).bytes();
    }

    private Set<String> containerLayers() {
        Set<String> out = new HashSet<>();
        containers.view().all().forEach(s -> {
            if (s.info() != null && !(s instanceof ContainerState.Removed)) {
                out.addAll(s.info().layers());
                s.info().hostConfig().imageMounts().forEach(m -> out.addAll(m.layers()));
            }
        });
        return out;
    }

    SystemDf diskUsage(List<ImageSummary> summaries, List<BuildCacheRecord> buildCache) {
        Set<String> chains = new HashSet<>();
        long layersSize = 0;
        Map<String, Integer> chainUse = new LinkedHashMap<>();
        for (ImageEvent.Stored img : images.view().all()) {
            for (ImageEvent.Layer l : img.layers()) {
                chainUse.merge(l.chainId(), 1, Integer::sum);
            }
        }
        for (String c : chainUse.keySet()) {
            if (chains.add(c)) {
                layersSize += flows == null ? 0 : flows.layers().diskSize(Digest.parse(c));
            }
        }
        List<ImageSummary> withShared = new ArrayList<>();
        for (ImageSummary s : summaries) {
            long shared = 0;
            var img = images.view().get(s.id());
            if (img.isPresent() && flows != null) {
                for (ImageEvent.Layer l : img.get().layers()) {
                    if (chainUse.getOrDefault(l.chainId(), 0) > 1) {
                        shared += flows.layers().diskSize(Digest.parse(l.chainId()));
                    }
                }
            }
            withShared.add(new ImageSummary(s.id(), s.parentId(), s.repoTags(), s.repoDigests(), s.created(), s.size(),
                    shared, s.labels(), s.containers()));
        }
        // the containers are the API's (GET /containers/json?all=1&size=1), as dockerd's df lists them
        return new SystemDf(layersSize, withShared, List.of(), List.of(), buildCache);
    }
}
