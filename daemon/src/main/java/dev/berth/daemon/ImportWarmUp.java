package dev.berth.daemon;

import dev.berth.actors.image.ImageService;
import dev.berth.api.ApiServer;
import dev.berth.image.ContentStore;
import dev.berth.image.LayerStore;
import dev.berth.image.Reference;
import dev.berth.image.WarmUp;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.TagEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The import path's warm-up, once, on its own low-priority thread a while after start-up, so it takes
 * nothing from the start-up itself nor from the first requests; off with
 * {@code -Dberth.importWarmup=false}. The image side ({@link WarmUp}) imports a synthetic
 * tar into scratch stores; this side also serializes (never journals) an image's and a tag's event, so that the first
 * import does not build the journal's JSON writers for those records while its client waits, wakes an image entity
 * that refuses a pull record ({@link ImageService#warmUpEntity}: nothing journaled), checks a repository and tag
 * and renders an import's last progress line with the API's JSON mapper (often the first JSON a fresh daemon writes).
 */
final class ImportWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(ImportWarmUp.class);
    /**
     * After start-up: past the first requests a client sends at start (a restart's first {@code ps}
     * is answered within a few ms of serving), but before an import that follows start-up closely:
     * bench/compare's comes ~0.75 s after serving, which a 1.5 s delay missed (it ran fully cold).
     */
    private static final long DELAY_MS = 250;

    private ImportWarmUp() {}

    /**
     * @param execRoot the warm-up's stores live in {@code <exec-root>/warm-up}, deleted after (and before,
     *                 after a kill): the data root never holds its files, so nothing that looks at
     *                 {@code layers/} or {@code content/tmp} right after a start sees a half-made layer; a tmpfs
     *                 of its own is mounted there for the run ({@link WarmUp#prepareScratch}), so that its
     *                 deleted inodes do not slow the first import's unpack on the data root's filesystem
     * @param images   whose entity code the warm-up runs once, journaling nothing
     */
    static void start(Path execRoot, ActorSystem<?> system, ImageService images) {
        if (!Boolean.parseBoolean(System.getProperty("berth.importWarmup", "true"))) {
            return;
        }
        Path scratch = execRoot.resolve("warm-up");
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(DELAY_MS);
                long t0 = System.nanoTime();
                run(scratch, system);
                images.warmUpEntity();
                LOG.debug("import path warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                LOG.debug("import warm-up failed (imports work, only colder): {}", e.toString());
            }
        }, "berth-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** The warm-up itself, on the caller's thread: nothing of it is left under {@code scratch}. */
    static void run(Path scratch, ActorSystem<?> system) throws IOException {
        WarmUp.prepareScratch(scratch);
        try {
            WarmUp.importPath(new ContentStore(scratch), new LayerStore(scratch));
        } finally {
            WarmUp.deleteScratch(scratch);
        }
        journalWriters(system);
        // the request's own first steps and its answer: the repository and tag checked, the progress line written
        Reference.parse("warm-up");
        Reference.validateTag("latest");
        ApiServer.warmUpProgressLine();
    }

    /** An import's two events, through the journal's serializer and back (returned); nothing is written. */
    static List<Object> journalWriters(ActorSystem<?> system) {
        Serialization serialization = SerializationExtension.get(system);
        String id = "sha256:" + "0".repeat(64);
        Instant now = Instant.now();
        var stored = new ImageEvent.Stored(now, id, "import", now, "amd64", "linux",
                List.of(new ImageEvent.Layer(id, id, id, 1)), 1, Map.of());
        var tagged = new TagEvent.Tagged(now, "docker.io/library/warm-up:latest", id, null);
        List<Object> back = new ArrayList<>();
        for (Object event : List.of(stored, tagged)) {
            byte[] bytes = serialization.serialize(event).get();
            var serializer = serialization.findSerializerFor(event);
            back.add(serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, event)).get());
        }
        return back;
    }
}
