package dev.berth.api.backend;

import dev.berth.api.model.ImageDeleteItem;
import dev.berth.api.model.ImageInspect;
import dev.berth.api.model.ImageSummary;
import java.io.InputStream;
import java.util.List;

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

    /** GET /images/{name}/json. */
    ImageInspect inspect(String ref);

    /** POST /images/{name}/tag. {@code tag} null = latest. */
    void tag(String ref, String repo, String tag);

    /** DELETE /images/{name}. */
    List<ImageDeleteItem> remove(String ref, boolean force, boolean noPrune);
}
