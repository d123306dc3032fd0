package dev.berth.engine.build;

import dev.berth.actors.image.ImageCommitWorkflow;
import dev.berth.actors.image.ImageService;
import dev.berth.api.backend.ImageBackend;
import dev.berth.api.backend.ProgressSink;
import dev.berth.image.Snapshotter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What every stage of one build shares: the output, the context, the engine's services, the
 * request's build args (and which of them an ARG consumed), and the images stages ended with.
 */
final class BuildRun {
    /** The proxy variables every build may pass without an ARG (kept out of history, as in Docker). */
    static final Set<String> PREDEFINED_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    final ProgressSink out;
    final boolean quiet;
    final boolean remove;
    final boolean forceRemove;
    final BuildContext context;
    final StepContainers containers;
    final ImageService images;
    final ImageBackend imagesApi;
    final ImageCommitWorkflow commits;
    final Snapshotter snapshotter;
    final Path scratch;
    final Map<String, String> buildArgs;
    final Set<String> consumedArgs = new HashSet<>();
    final Map<String, String> stageImages = new HashMap<>();
    final BooleanSupplier clientGone;
    final char escape;
    final BuildCache cache;
    /** The request's X-Registry-Config: credentials by registry for FROM's pulls; null when absent. */
    String registryConfig;
    /** --pull: FROM and COPY --from images are pulled even when present (once each per build). */
    boolean pull;
    final Set<String> pulled = new HashSet<>();

    BuildRun(ProgressSink out, boolean quiet, boolean remove, boolean forceRemove, BuildContext context,
             StepContainers containers, ImageService images, ImageBackend imagesApi, ImageCommitWorkflow commits,
             Snapshotter snapshotter, Path scratch, Map<String, String> buildArgs, BooleanSupplier clientGone,
             char escape, BuildCache cache) {
        this.out = out;
        this.quiet = quiet;
        this.remove = remove;
        this.forceRemove = forceRemove;
        this.context = context;
        this.containers = containers;
        this.images = images;
        this.imagesApi = imagesApi;
        this.commits = commits;
        this.snapshotter = snapshotter;
        this.scratch = scratch;
        this.buildArgs = buildArgs;
        this.clientGone = clientGone;
        this.escape = escape;
        this.cache = cache;
    }

    void print(String text) {
        if (!quiet) {
            out.stream(text);
        }
    }

    /** The 12 hex characters Docker shows for an id. */
    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** The names the request passed that no ARG declared, sorted, for the closing warning. */
    List<String> unconsumedArgs() {
        return buildArgs.keySet().stream().filter(k -> !consumedArgs.contains(k) && !PREDEFINED_ARGS.contains(k))
                .sorted().toList();
    }
}
