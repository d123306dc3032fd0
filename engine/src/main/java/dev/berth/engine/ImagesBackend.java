package dev.berth.engine;

import dev.berth.actors.container.ContainerView;
import dev.berth.actors.container.ImageUsers;
import dev.berth.actors.container.ContainerService;
import dev.berth.actors.image.ImageManifests;
import dev.berth.actors.image.ImageParents;
import dev.berth.actors.image.ImageService;
import dev.berth.engine.build.ImageBuilder;
import dev.berth.api.model.AuthConfig;
import dev.berth.api.model.ImageHistoryItem;
import dev.berth.api.model.ImagePruneReport;
import dev.berth.api.model.BuildPruneReport;
import dev.berth.api.model.SystemDf;
import dev.berth.api.backend.BuildRequest;
import dev.berth.api.backend.Filters;
import dev.berth.api.backend.BuildPruneSpace;
import dev.berth.api.backend.ImageBackend;
import dev.berth.api.backend.ProgressSink;
import dev.berth.api.model.DistributionInspect;
import dev.berth.api.model.DriverData;
import dev.berth.api.model.SearchResult;
import dev.berth.api.model.ImageDeleteItem;
import dev.berth.api.model.ImageInspect;
import dev.berth.api.model.ImageManifestSummary;
import dev.berth.api.model.ImageSummary;
import dev.berth.image.Digest;
import dev.berth.image.ImageConfig;
import dev.berth.image.Platforms;
import dev.berth.image.Reference;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.registry.Platform;
import dev.berth.spi.EngineException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.PatternSyntaxException;

/** The images router's view of the engine. */
public final class ImagesBackend implements ImageBackend {

    private final ImageService images;
    private final ContainerView containers;
    private final Path dataRoot;
    private final ImageTransfers transfers;
    private final ImageTools tools;
    private AsOfReads history;
    private ImageBuilder builder;

    public ImagesBackend(ImageService images, ContainerView containers, Path dataRoot) {
        this.images = images;
        this.containers = containers;
        this.dataRoot = dataRoot;
        this.transfers = new ImageTransfers(null);
        this.tools = null;
    }

    /** With the registry and local image tools wired: pull, push, login, save, load, commit, prune, df, GC. */
    public ImagesBackend(ImageService images, ContainerService containerService, Path dataRoot, ImageWorkflows flows) {
        this.images = images;
        this.containers = containerService.view();
        this.dataRoot = dataRoot;
        this.transfers = new ImageTransfers(flows);
        this.tools = new ImageTools(images, containerService, flows, dataRoot);
    }

    /** With the builder wired: POST /build. */
    public ImagesBackend withBuilder(ImageBuilder builder) {
        this.builder = builder;
        return this;
    }

    @Override
    public void build(InputStream context, BuildRequest request, ProgressSink output, BooleanSupplier clientGone) {
        if (builder == null) {
            ImageBackend.super.build(context, request, output, clientGone);
            return;
        }
        builder.build(context, request, output, clientGone);
    }

    private ImageTools tools() {
        if (tools == null) {
            throw new EngineException(dev.berth.spi.ErrorKind.NOT_IMPLEMENTED, "image tools are not configured");
        }
        return tools;
    }

    @Override
    public void pull(String fromImage, String tag, String platform, String registryAuth, ProgressSink progress) {
        transfers.pull(fromImage, tag, platform, registryAuth, progress);
    }

    @Override
    public void push(String name, String tag, String registryAuth, ProgressSink progress) {
        transfers.push(name, tag, registryAuth, progress);
    }

    @Override
    public DistributionInspect distributionInspect(String name, String registryAuth) {
        return transfers.distributionInspect(name, registryAuth);
    }

    @Override
    public List<SearchResult> search(String term, int limit, Filters filters, String registryAuth) {
        return transfers.search(term, limit, filters, registryAuth);
    }

    @Override
    public String login(AuthConfig auth) {
        return transfers.login(auth);
    }

    @Override
    public Archive save(List<String> names) {
        return tools().save(names);
    }

    @Override
    public void load(InputStream body, boolean quiet, ProgressSink progress) {
        tools().load(body, quiet, null, progress);
    }

    @Override
    public void load(InputStream body, boolean quiet, String platformJson, ProgressSink progress) {
        Platform wanted = platformJson == null ? null : PlatformJson.parse(platformJson);
        tools().load(body, quiet, wanted, progress);
    }

    @Override
    public List<ImageHistoryItem> history(String ref) {
        return tools().history(ref);
    }

    @Override
    public String commit(String container, String repo, String tag, String comment, String author, boolean pause,
                         List<String> changes) {
        return tools().commit(container, repo, tag, comment, author, changes);
    }

    @Override
    public ImagePruneReport prune(Filters filters) {
        return tools().prune(filters, users());
    }

    @Override
    public SystemDf diskUsage() {
        ImageTools t = tools();
        BuildCacheUsage cache = new BuildCacheUsage(images, users(), t::collect);
        List<BuildCacheUsage.Entry> entries = cache.entries();
        Set<String> cacheIds = new HashSet<>();
        entries.forEach(e -> cacheIds.add(e.image().id()));
        // An image that only serves as build cache is counted once, as build cache.
        List<ImageSummary> imagesOnly = list(true, Filters.NONE, true).stream()
                .filter(s -> !cacheIds.contains(s.id())).toList();
        return t.diskUsage(imagesOnly, entries.stream().map(BuildCacheUsage.Entry::dto).toList());
    }

    @Override
    public BuildPruneReport buildPrune(boolean all, Filters filters, BuildPruneSpace space) {
        ImageTools t = tools();
        return new BuildCacheUsage(images, users(), t::collect).prune(all, filters, space, this::freeBytes);
    }

    /** Free bytes of the data root's file system, for min-free-space. */
    private long freeBytes() {
        try {
            return java.nio.file.Files.getFileStore(dataRoot).getUsableSpace();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String importImage(InputStream body, String repo, String tag, List<String> changes, String message,
                              String platform, ProgressSink progress) {
        String os = Platforms.hostOs();
        String arch = Platforms.hostArchitecture();
        if (platform != null && !platform.isEmpty()) {
            String[] p = platform.split("/");
            if (p.length < 2 || !p[0].equals("linux")) {
                throw EngineException.invalid("\"" + platform + "\": unknown operating system or architecture: invalid argument");
            }
            os = p[0];
            arch = p[1];
        }
        if (repo != null && !repo.isEmpty()) {
            Reference.parse(repo); // bad names fail before the body is read
            if (tag != null && !tag.isEmpty()) {
                Reference.validateTag(tag);
            }
        }
        return images.importRootfs(body, repo, tag, changes, message, arch, os, progress::status);
    }

    @Override
    public List<ImageSummary> list(boolean all, Filters filters, boolean digests) {
        return list(all, filters, digests, false);
    }

    @Override
    public List<ImageSummary> list(boolean all, Filters filters, boolean digests, boolean manifests) {
        Instant until = filters.get("until").stream().map(u -> PruneFilters.timestamp(u, Instant.now()))
                .min(Comparator.naturalOrder()).orElse(null);
        List<ImageSummary> out = new ArrayList<>();
        List<ImageEvent.Stored> all2 = new ArrayList<>(images.view().all());
        all2.sort(Comparator.comparing(ImageEvent.Stored::created).reversed());
        ImageParents family = images.parents();
        for (ImageEvent.Stored img : all2) {
            List<String> tags = images.view().referencesOf(img.id()).stream().map(ImageService::familiar).toList();
            // an untagged image with children is an intermediate one: shown with -a only, never dangling
            boolean intermediate = tags.isEmpty() && family.hasChildren(img.id());
            if (intermediate && (!all || filters.has("dangling"))) {
                continue;
            }
            if (!matches(filters, img, tags) || (until != null && !img.created().isBefore(until))) {
                continue;
            }
            List<String> users = containers.all().stream().filter(c -> c.info().imageId().equals(img.id()))
                    .map(c -> c.info().id()).toList();
            String parent = family.parent(img.id());
            out.add(new ImageSummary(img.id(), parent == null ? "" : parent, tags, img.repoDigests(),
                    img.created().getEpochSecond(), img.size(), -1, img.labels(), users.size(),
                    manifests ? manifestsOf(img, users) : null));
        }
        return out;
    }

    private boolean matches(Filters f, ImageEvent.Stored img, List<String> tags) {
        for (String d : f.get("dangling")) {
            boolean want = Boolean.parseBoolean(d) || d.equals("1");
            if (want != tags.isEmpty()) {
                return false;
            }
        }
        if (f.has("label") && !f.get("label").stream().allMatch(l -> ContainerFilter.hasLabel(img.labels(), l))) {
            return false;
        }
        if (f.has("reference") && f.get("reference").stream().noneMatch(r -> tags.stream().anyMatch(t -> glob(r, t)))) {
            return false;
        }
        for (String b : f.get("before")) {
            if (!img.created().isBefore(images.get(images.resolve(b)).created())) {
                return false;
            }
        }
        for (String s : f.get("since")) {
            if (!img.created().isAfter(images.get(images.resolve(s)).created())) {
                return false;
            }
        }
        return true;
    }

    /** Docker's reference filter: a glob on the familiar name, with or without the tag. */
    static boolean glob(String pattern, String tag) {
        String regex = pattern.replace(".", "\\.").replace("*", "[^/]*").replace("?", ".");
        String name = tag.contains(":") ? tag.substring(0, tag.lastIndexOf(':')) : tag;
        try {
            return tag.matches(regex) || name.matches(regex);
        } catch (PatternSyntaxException e) {
            // an unclosed "[" and the like: the client's pattern, refused with Go's path.Match wording
            throw EngineException.invalid("syntax error in pattern");
        }
    }

    /**
     * {@code Manifests}: the image's manifests as its repo digests name them (none for an image that
     * never met a registry). The one whose config is this image's carries its containers and unpacked
     * size; an index's other entries are other platforms' (not here: {@code Available} false) or
     * attestations.
     */
    private List<ImageManifestSummary> manifestsOf(ImageEvent.Stored img, List<String> users) {
        List<ImageManifestSummary> out = new ArrayList<>();
        for (ImageManifests.Entry e : images.manifests().of(img)) {
            long content = e.contentSize();
            if (e.attestation() != null) {
                out.add(new ImageManifestSummary(e.digest().toString(), e.descriptor(), e.complete(),
                        new ImageManifestSummary.Size(content, content), ImageManifestSummary.ATTESTATION, null,
                        new ImageManifestSummary.AttestationData(e.attestation())));
                continue;
            }
            long unpacked = e.isThisImage() ? img.size() : 0;
            out.add(new ImageManifestSummary(e.digest().toString(), e.descriptor(), e.complete(),
                    new ImageManifestSummary.Size(content + unpacked, content), ImageManifestSummary.IMAGE,
                    new ImageManifestSummary.ImageData(e.platform(), e.isThisImage() ? users : List.of(),
                            new ImageManifestSummary.Unpacked(unpacked)), null));
        }
        return out;
    }

    @Override
    public void requirePlatform(String ref, String platformJson) {
        CreatePlatform.requireMatch(ref, PlatformJson.parse(platformJson), CreatePlatform.of(images.get(images.resolve(ref))));
    }

    @Override
    public ImageInspect inspectWithManifests(String ref) {
        String id = images.resolve(ref);
        List<String> users = containers.all().stream().filter(c -> c.info().imageId().equals(id))
                .map(c -> c.info().id()).toList();
        return inspect(id).withManifests(manifestsOf(images.get(id), users));
    }

    @Override
    public ImageInspect inspect(String ref) {
        String id = images.resolve(ref);
        return render(id, images.get(id), images.view().referencesOf(id), images.view().lastTagged(id),
                images.config(id));
    }

    /** With objects as of an earlier time ({@code at=}); without it, {@code at} is refused. */
    public ImagesBackend withHistory(AsOfReads reads) {
        this.history = reads;
        return this;
    }

    @Override
    public ImageInspect inspectAt(String ref, Instant at) {
        if (history == null) {
            throw EngineException.invalid("query parameter \"at\" is not supported by Berth yet");
        }
        AsOfReads.Image then = history.image(ref, at);
        String id = then.stored().id();
        ImageConfig cfg;
        try {
            cfg = images.config(id);
        } catch (RuntimeException gone) {
            // the journal keeps the image's record, the content store dropped its config with it
            throw EngineException.notFound("image " + id + " existed at " + at + " but its config is no longer stored");
        }
        return render(id, then.stored(), then.references(), then.lastTagged(), cfg);
    }

    /** @param lastTagged when a tag was last put on it; null (untagged, or not since an upgrade) is Go's zero time */
    private ImageInspect render(String id, ImageEvent.Stored img, List<String> references, Instant lastTagged,
                                ImageConfig cfg) {
        var d = cfg.config();
        var config = new dev.berth.api.model.ImageConfig(d.user() == null ? "" : d.user(), set(d.exposedPorts()),
                d.env(), d.cmd(), Healthchecks.render(d.healthcheck()), null, set(d.volumes()), d.workingDir() == null ? "" : d.workingDir(),
                d.entrypoint(), d.onBuild().isEmpty() ? null : d.onBuild(), d.labels(), d.stopSignal(), d.shell());
        List<String> lowers = new ArrayList<>();
        for (ImageEvent.Layer l : img.layers()) {
            lowers.add(0, dataRoot.resolve("layers").resolve(l.chainId().substring(7)).toString());
        }
        Map<String, String> graph = new TreeMap<>();
        if (!lowers.isEmpty()) {
            graph.put("MergedDir", "");
            graph.put("UpperDir", lowers.get(0));
            if (lowers.size() > 1) {
                graph.put("LowerDir", String.join(":", lowers.subList(1, lowers.size())));
            }
        }
        String parent = images.parents().parent(id);
        return new ImageInspect(id, references.stream().map(ImageService::familiar).toList(),
                img.repoDigests(), parent == null ? "" : parent, cfg.comment(), HumanTime.rfc3339(cfg.created()), "", cfg.author(), config,
                cfg.architecture(), cfg.variant(), cfg.os(), img.size(), new DriverData("overlay2", graph),
                new ImageInspect.RootFs("layers", cfg.diffIds().stream().map(Digest::toString).toList()),
                new ImageInspect.Metadata(HumanTime.rfc3339(lastTagged)));
    }

    @Override
    public void tag(String ref, String repo, String tag) {
        if (repo == null || repo.isEmpty()) {
            throw EngineException.invalid("repository name must have at least one component");
        }
        if (tag != null && !tag.isEmpty()) {
            Reference.validateTag(tag);
        }
        images.tag(ref, repo, tag);
    }

    @Override
    public List<ImageDeleteItem> remove(String ref, boolean force, boolean noPrune) {
        List<ImageDeleteItem> out = images.delete(ref, force, !noPrune, users()).stream()
                .map(e -> e.getKey().equals("Deleted") ? ImageDeleteItem.deleted(e.getValue())
                        : ImageDeleteItem.untagged(e.getValue()))
                .toList();
        if (tools != null && out.stream().anyMatch(i -> i.deleted() != null)) {
            tools.collect();
        }
        return out;
    }

    private ImageService.Users users() {
        return new ImageUsers(containers);
    }

    private static Map<String, Object> set(java.util.Collection<String> keys) {
        if (keys == null || keys.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new TreeMap<>();
        keys.forEach(k -> m.put(k, Map.of()));
        return m;
    }
}
