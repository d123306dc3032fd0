package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.backend.Filters;
import dev.berth.api.backend.ImageBackend;
import dev.berth.api.backend.VolumeBackend;
import dev.berth.api.model.AuthConfig;
import dev.berth.api.model.AuthResponse;
import dev.berth.api.model.CommitResponse;
import dev.berth.api.model.SystemDf;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Image routes. Names in paths may hold slashes and a registry port: {@code /images/localhost:5000/a/b:tag/json}. */
final class ImageRoutes {
    private static final String NAME = "/images/(?<name>.+)";

    private static final String REGISTRY_AUTH = "X-Registry-Auth";
    static final Set<String> LIST_FILTERS = Set.of("before", "dangling", "label", "reference", "since", "until");
    static final Set<String> PRUNE_FILTERS = Set.of("dangling", "until", "label", "label!");
    private static final Set<String> DF_TYPES = Set.of("container", "image", "volume", "build-cache");

    private final ImageBackend images;
    private final VolumeBackend volumes;
    private final ContainerBackend containers;

    ImageRoutes(ImageBackend images, VolumeBackend volumes) {
        this(images, volumes, null);
    }

    /** @param containers for /system/df's containers (null: the image backend's own list) */
    ImageRoutes(ImageBackend images, VolumeBackend volumes, ContainerBackend containers) {
        this.containers = containers;
        this.images = images;
        this.volumes = volumes;
    }

    List<Route> routes() {
        return List.of(
                // repo, message and changes matter to an import only, as in dockerd
                Route.of(POST, "/images/create", this::create).streamingBody()
                        .honours("fromImage", "fromSrc", "repo", "tag", "message", "changes", "platform"),
                Route.of(POST, "/images/load", this::load).streamingBody().honours("quiet", "platform"),
                Route.of(GET, "/images/get", ex -> save(ex, ex.query().all("names"))).honours("names", "platform"),
                Route.of(POST, "/images/prune", ex -> ex.json(HttpResponseStatus.OK, images.prune(ex.query().filters())))
                        .honours("filters").filters(PRUNE_FILTERS, Set.of()),
                Route.of(GET, "/system/df", this::diskUsage).honours("type"),
                Route.of(POST, "/auth", ex -> ex.json(HttpResponseStatus.OK,
                        new AuthResponse(images.login(ex.body(AuthConfig.class)), null))),
                // pause defaults to true and is not refused: Berth has no pause yet and commits the
                // running container's upper layer as it is (pause=0 is exactly what it does)
                Route.of(POST, "/commit", this::commit)
                        .honours("container", "repo", "tag", "comment", "author", "pause", "changes"),
                Route.of(GET, NAME + "/get", ex -> save(ex, List.of(ex.param("name")))).honours("platform"),
                Route.of(GET, NAME + "/history", ex -> {
                    requirePlatform(ex);
                    ex.json(HttpResponseStatus.OK, images.history(ex.param("name")));
                }).honours("platform"),
                Route.of(POST, NAME + "/push", this::push).honours("tag", "platform"),
                Route.of(GET, "/images/json", ex -> ex.json(HttpResponseStatus.OK,
                        images.list(ex.query().bool("all"), ex.query().filters(), ex.query().bool("digests"),
                                ex.query().bool("manifests"))))
                        .honours("all", "filters", "digests", "manifests").refusesFlag("shared-size")
                        .filters(LIST_FILTERS, Set.of()),
                Route.of(GET, NAME + "/json", ex -> {
                    boolean manifests = ex.query().bool("manifests");
                    if (manifests && ex.query().nonEmpty("platform") != null) {
                        throw EngineException.invalid("conflicting options: manifests and platform options cannot both be set");
                    }
                    requirePlatform(ex);
                    Instant at = Timestamps.at(ex.query().nonEmpty("at"));
                    if (manifests && at != null) {
                        throw EngineException.invalid("query parameter \"manifests\" with \"at\" is not supported by Berth yet");
                    }
                    var inspect = at != null ? images.inspectAt(ex.param("name"), at)
                            : manifests ? images.inspectWithManifests(ex.param("name")) : images.inspect(ex.param("name"));
                    ex.json(HttpResponseStatus.OK, LegacyImageInspect.forClient(inspect, ex.version(), ex.header("User-Agent")));
                }).honours("platform", "manifests").extension("at"),
                Route.of(POST, NAME + "/tag", ex -> {
                    images.tag(ex.param("name"), ex.query().nonEmpty("repo"), ex.query().nonEmpty("tag"));
                    ex.empty(HttpResponseStatus.CREATED);
                }).honours("repo", "tag"),
                // noprune keeps the untagged parents an rmi would otherwise take along; platforms, as
                // dockerd's store of single-platform images: one, which the image must be
                Route.of(DELETE, NAME, ex -> {
                    List<String> platforms = ex.query().all("platforms").stream().filter(p -> !p.isEmpty()).toList();
                    if (platforms.size() > 1) {
                        throw EngineException.invalid("multiple platforms are not supported");
                    }
                    if (!platforms.isEmpty()) {
                        images.requirePlatform(ex.param("name"), platforms.get(0));
                    }
                    ex.json(HttpResponseStatus.OK,
                            images.remove(ex.param("name"), ex.query().bool("force"), ex.query().bool("noprune")));
                }).honours("force", "noprune", "platforms"));
    }

    /** {@code platform=}: the image must be that platform (Berth keeps one per image). */
    private void requirePlatform(Exchange ex) {
        String platform = onePlatform(ex);
        if (platform != null) {
            images.requirePlatform(ex.param("name"), platform);
        }
    }

    /** The {@code platform} parameter, or null; more than one is refused in dockerd's words. */
    private static String onePlatform(Exchange ex) {
        List<String> given = ex.query().all("platform").stream().filter(p -> !p.isEmpty()).toList();
        if (given.size() > 1) {
            throw EngineException.invalid("multiple platform parameters not supported");
        }
        return given.isEmpty() ? null : given.get(0);
    }

    /** GET /system/df: only the sections {@code type} asks for (all when none). */
    private void diskUsage(Exchange ex) {
        List<String> types = ex.query().all("type");
        for (String t : types) {
            if (!DF_TYPES.contains(t)) {
                throw EngineException.invalid("unknown object type: " + t);
            }
        }
        SystemDf df = images.diskUsage();
        if (volumes != VolumeBackend.NONE && (types.isEmpty() || types.contains("volume"))) {
            df = new SystemDf(df.layersSize(), df.images(), df.containers(), volumes.usage(), df.buildCache());
        }
        if (containers != null && (types.isEmpty() || types.contains("container"))) {
            // dockerd's df lists the containers as ps -a --size does: sizes, mounts, status and all
            df = new SystemDf(df.layersSize(), df.images(), containers.list(true, -1, true, Filters.NONE), df.volumes(),
                    df.buildCache());
        }
        if (!types.isEmpty()) {
            df = new SystemDf(types.contains("image") ? df.layersSize() : 0,
                    types.contains("image") ? df.images() : null,
                    types.contains("container") ? df.containers() : null,
                    types.contains("volume") ? df.volumes() : null,
                    types.contains("build-cache") ? df.buildCache() : null);
        }
        ex.json(HttpResponseStatus.OK, df);
    }

    private void create(Exchange ex) {
        Query q = ex.query();
        String fromSrc = q.nonEmpty("fromSrc");
        String fromImage = q.nonEmpty("fromImage");
        if (fromSrc == null && fromImage != null) {
            ProgressStream progress = new ProgressStream(ex);
            streamed(progress, () -> images.pull(fromImage, q.nonEmpty("tag"), q.nonEmpty("platform"),
                    ex.header(REGISTRY_AUTH), progress));
            return;
        }
        if (fromSrc == null) {
            throw EngineException.invalid("fromSrc or fromImage is required");
        }
        if (!fromSrc.equals("-")) {
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "importing from a URL is not implemented yet; use fromSrc=-");
        }
        ProgressStream progress = new ProgressStream(ex);
        try {
            String id = images.importImage(ex.bodyStream(), q.nonEmpty("repo"), q.nonEmpty("tag"), q.all("changes"),
                    q.nonEmpty("message"), q.nonEmpty("platform"), progress);
            progress.line(Map.of("status", id));
            progress.end();
        } catch (RuntimeException e) {
            if (!progress.fail(e)) {
                throw e;
            }
        }
    }

    private void push(Exchange ex) {
        String platform = onePlatform(ex);
        if (platform != null) { // dockerd checks the image is that platform, then pushes it as it is
            String tag = ex.query().nonEmpty("tag");
            images.requirePlatform(tag == null ? ex.param("name") : ex.param("name") + ":" + tag, platform);
        }
        ProgressStream progress = new ProgressStream(ex);
        streamed(progress, () -> images.push(ex.param("name"), ex.query().nonEmpty("tag"), ex.header(REGISTRY_AUTH),
                progress));
    }

    private void load(Exchange ex) {
        ProgressStream progress = new ProgressStream(ex);
        String platform = onePlatform(ex);
        streamed(progress, () -> images.load(ex.bodyStream(), ex.query().bool("quiet"), platform, progress));
    }

    private void commit(Exchange ex) throws IOException {
        Query q = ex.query();
        String container = q.nonEmpty("container");
        if (container == null) {
            throw EngineException.invalid("container is required");
        }
        if (ex.hasBody()) {
            // the body is a container config to apply; a broken one is a 400, as dockerd's decoder says
            JsonNode config = ex.bodyTree();
            if (!config.isNull() && !(config.isObject() && config.isEmpty())) {
                throw EngineException.invalid("a container config in the body of POST /commit is not supported by "
                        + "Berth yet: give it as changes (docker commit --change)");
            }
        }
        String id = images.commit(container, q.nonEmpty("repo"), q.nonEmpty("tag"), q.string("comment"),
                q.string("author"), q.bool("pause", true), q.all("changes"));
        ex.json(HttpResponseStatus.CREATED, new CommitResponse(id));
    }

    /** Runs a progress-reporting operation: errors before the first line are a plain error response. */
    private static void streamed(ProgressStream progress, Runnable op) {
        try {
            op.run();
            progress.end();
        } catch (RuntimeException e) {
            if (!progress.fail(e)) {
                throw e;
            }
        }
    }

    private void save(Exchange ex, List<String> names) throws IOException {
        String platform = onePlatform(ex);
        if (platform != null) {
            names.forEach(name -> images.requirePlatform(name, platform));
        }
        ImageBackend.Archive archive = images.save(names);
        ChunkedStream out = ex.stream(HttpResponseStatus.OK, "application/x-tar");
        try (var sink = new SinkOutputStream(out)) {
            archive.writeTo(sink);
        }
        out.end();
    }

    /** Buffers writes into 64 KiB chunks; a client that went away fails the next write. */
    private static final class SinkOutputStream extends java.io.OutputStream {
        private final ChunkedStream out;
        private final byte[] buf = new byte[64 * 1024];
        private int n;

        SinkOutputStream(ChunkedStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (n == buf.length) {
                flush();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (n == buf.length) {
                    flush();
                }
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
            }
        }

        @Override
        public void flush() throws IOException {
            if (n > 0) {
                byte[] chunk = java.util.Arrays.copyOf(buf, n);
                n = 0;
                if (!out.write(chunk)) {
                    throw new IOException("the client went away");
                }
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
