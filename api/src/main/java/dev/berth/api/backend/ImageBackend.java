package dev.berth.api.backend;

import dev.berth.api.model.AuthConfig;
import dev.berth.api.model.DistributionInspect;
import dev.berth.api.model.SearchResult;
import dev.berth.api.model.ImageDeleteItem;
import dev.berth.api.model.ImageHistoryItem;
import dev.berth.api.model.ImagePruneReport;
import dev.berth.api.model.BuildPruneReport;
import dev.berth.api.model.SystemDf;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.OutputStream;
import dev.berth.api.model.ImageInspect;
import dev.berth.api.model.ImageSummary;
import java.io.InputStream;
import java.util.List;
import java.util.function.BooleanSupplier;

/** What the images router needs from the engine. Blocking; see {@link ContainerBackend}. */
public interface ImageBackend {

    /**
     * POST /images/create?fromSrc=- : imports a rootfs tar (plain or compressed) read from
     * {@code body} as it streams in. {@code repo}/{@code tag} may be null. Progress goes to
     * {@code progress} (the API writes it as JSON lines); returns the new image id.
     */
    String importImage(InputStream body, String repo, String tag, List<String> changes, String message,
                       String platform, ProgressSink progress);

    /** GET /images/json. */
    List<ImageSummary> list(boolean all, Filters filters, boolean digests);

    /** GET /images/json with {@code manifests}: each image's {@code Manifests} too. */
    List<ImageSummary> list(boolean all, Filters filters, boolean digests, boolean manifests);

    /** GET /images/{name}/json. */
    ImageInspect inspect(String ref);

    /** GET /images/{name}/json with {@code manifests=1}: {@code Manifests} too, as the list gives them. */
    default ImageInspect inspectWithManifests(String ref) {
        throw EngineException.invalid("query parameter \"manifests\" is not supported by Berth yet");
    }

    /** Inspect as it would have answered at {@code at} (Berth's {@code at=}). */
    default ImageInspect inspectAt(String ref, java.time.Instant at) {
        throw EngineException.invalid("query parameter \"at\" is not supported by Berth yet");
    }

    /** POST /images/{name}/tag. {@code tag} null = latest. */
    void tag(String ref, String repo, String tag);

    /** DELETE /images/{name}. */
    List<ImageDeleteItem> remove(String ref, boolean force, boolean noPrune);

    /**
     * POST /images/create?fromImage=…&tag=…: pulls. {@code registryAuth} is the raw
     * {@code X-Registry-Auth} header (null when absent); it is used for this call only.
     * Errors before any progress are thrown; later ones the API writes into the stream.
     */
    default void pull(String fromImage, String tag, String platform, String registryAuth, ProgressSink progress) {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "pulling images is not implemented");
    }

    /** POST /images/{name}/push?tag=…; {@code tag} null = every tag of the repository. */
    default void push(String name, String tag, String registryAuth, ProgressSink progress) {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "pushing images is not implemented");
    }

    /**
     * GET /distribution/{name}/json: asks the registry (with the {@code X-Registry-Auth} header's
     * credentials, as a pull) what {@code name} is, without pulling it.
     */
    default DistributionInspect distributionInspect(String name, String registryAuth) {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "distribution inspect is not supported by Berth yet");
    }

    /** GET /images/search: asks the term's index (Docker Hub unless the term names a registry). */
    default List<SearchResult> search(String term, int limit, Filters filters, String registryAuth) {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "image search is not supported by Berth yet");
    }

    /** POST /auth: checks the credentials against the registry; returns the status line. */
    default String login(AuthConfig auth) {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "login is not implemented");
    }

    /** Writes an archive; obtained from {@link #save} after every name resolved. */
    @FunctionalInterface
    interface Archive {
        void writeTo(OutputStream out);
    }

    /** GET /images/get and /images/{name}/get: resolves the names now (404 before any byte). */
    default Archive save(List<String> names) {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "saving images is not implemented");
    }

    /** POST /images/load: reads the archive as it streams in; reports what it loaded. */
    default void load(InputStream body, boolean quiet, ProgressSink progress) {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "loading images is not implemented");
    }

    /**
     * POST /images/load with {@code platform} (JSON-encoded OCI platform): only the archive's images of
     * that platform are loaded, the others skipped, as dockerd's loader does.
     */
    default void load(InputStream body, boolean quiet, String platformJson, ProgressSink progress) {
        if (platformJson != null) {
            throw EngineException.invalid("query parameter \"platform\" is not supported by Berth yet");
        }
        load(body, quiet, progress);
    }

    /**
     * {@code platform} of {@code GET /images/{name}/json} and {@code /history} (a JSON-encoded OCI
     * platform): a store of single-platform images answers for the image's own platform only, so
     * another is Docker's NOT_FOUND ("… was found but does not match the specified platform …").
     *
     * @throws EngineException INVALID_ARGUMENT for a malformed platform
     */
    void requirePlatform(String ref, String platformJson);

    /** GET /images/{name}/history. */
    default List<ImageHistoryItem> history(String ref) {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "image history is not implemented");
    }

    /** POST /commit. Returns the new image id. */
    default String commit(String container, String repo, String tag, String comment, String author, boolean pause,
                          List<String> changes) {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "commit is not implemented");
    }

    /** POST /images/prune. */
    default ImagePruneReport prune(Filters filters) {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "image prune is not implemented");
    }

    /**
     * POST /build: builds the Dockerfile of the context tar read from {@code context} as it streams
     * in, writing the classic builder's messages to {@code output}. Errors before the first message
     * are thrown; a failed step is a {@link BuildFailedException} when it has a status. When
     * {@code clientGone} turns true the build stops and removes its containers.
     */
    default void build(InputStream context, BuildRequest request, ProgressSink output, BooleanSupplier clientGone) {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "building images is not supported by Berth yet");
    }

    /**
     * POST /build/prune: removes the build cache's records (all of them, or with {@code all} false
     * only those no tagged image builds on), honouring the {@code until} filter and, when {@code space}
     * limits it, only the least recently used ones until the cache is down to what it keeps.
     */
    default BuildPruneReport buildPrune(boolean all, Filters filters, BuildPruneSpace space) {
        return new BuildPruneReport(List.of(), 0);
    }

    /** GET /system/df. */
    default SystemDf diskUsage() {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "system df is not implemented");
    }
}
