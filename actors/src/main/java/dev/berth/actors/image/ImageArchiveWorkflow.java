package dev.berth.actors.image;

import dev.berth.image.ArchiveLoader;
import dev.berth.image.ContentStore;
import dev.berth.image.Digest;
import dev.berth.image.ImageArchive;
import dev.berth.image.LayerStore;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code docker save} and {@code docker load}: archives in, archives out, images journaled on load. */
public final class ImageArchiveWorkflow {
    private final ImageService images;
    private final ContentStore content;
    private final LayerStore layers;
    private final Path scratchRoot;

    /** @param scratchRoot where load bodies are spooled and compressed layers unpacked for a save */
    public ImageArchiveWorkflow(ImageService images, ContentStore content, LayerStore layers, Path scratchRoot) {
        this.images = images;
        this.content = content;
        this.layers = layers;
        this.scratchRoot = scratchRoot;
    }

    /**
     * Resolves every name first (an unknown one is a 404 before a byte is written), then returns
     * the writer of the archive. A name without a tag saves every tag of its repository; an id saves
     * the image untagged.
     */
    public Saver save(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw EngineException.invalid("no images specified");
        }
        Map<String, List<String>> tagsById = new LinkedHashMap<>();
        for (String name : names) {
            String id = images.resolve(name);
            List<String> tags = tagsById.computeIfAbsent(id, k -> new ArrayList<>());
            if (isId(name, id)) {
                continue;
            }
            Reference ref = Reference.parse(name);
            boolean explicit = ref.digest() != null || name.lastIndexOf(':') > name.lastIndexOf('/');
            if (explicit) {
                if (ref.tag() != null && !tags.contains(ref.familiar())) {
                    tags.add(ref.familiar());
                }
                continue;
            }
            for (String canonical : images.view().referencesOf(id)) {
                Reference r = Reference.parse(canonical);
                if (r.name().equals(ref.name()) && r.tag() != null && !tags.contains(r.familiar())) {
                    tags.add(r.familiar());
                }
            }
        }
        List<ImageArchive.Entry> entries = new ArrayList<>();
        tagsById.forEach((id, tags) -> entries.add(new ImageArchive.Entry(Digest.parse(id), tags,
                StoredImages.layers(images.get(id)))));
        return out -> new ImageArchive(content, scratchRoot).write(entries, out);
    }

    /** Writes a resolved save. */
    @FunctionalInterface
    public interface Saver {
        void writeTo(OutputStream out);
    }

    private static boolean isId(String name, String id) {
        String hex = name.startsWith("sha256:") ? name.substring(7) : name;
        return hex.matches("[0-9a-f]{1,64}") && id.substring(7).startsWith(hex);
    }

    /** Loads an archive; reports {@code Loaded image: …} per tag ({@code Loaded image ID: …} untagged). */
    public List<String> load(InputStream body, ImageService.Progress progress) {
        return load(body, progress, cfg -> true).lines();
    }

    /** What a load stored (its lines, as the CLI prints them) and how many images it skipped. */
    public record Loaded(List<String> lines, int skipped) {}

    /** Loads the archive's images {@code wanted} accepts (dockerd's {@code platform}); the others are skipped. */
    public Loaded load(InputStream body, ImageService.Progress progress,
                       java.util.function.Predicate<dev.berth.image.ImageConfig> wanted) {
        Path scratch;
        try {
            Files.createDirectories(scratchRoot);
            scratch = Files.createTempDirectory(scratchRoot, "load-");
        } catch (IOException e) {
            throw EngineException.unavailable("cannot make a scratch directory: " + e.getMessage(), e);
        }
        images.storeLock().readLock().lock();
        try {
            List<ArchiveLoader.Loaded> loaded = new ArchiveLoader(content, layers).load(body, scratch);
            List<String> lines = new ArrayList<>();
            int skipped = 0;
            for (ArchiveLoader.Loaded img : loaded) {
                if (!wanted.test(img.config())) {
                    skipped++;
                    continue;
                }
                String id = img.imageId().toString();
                if (images.view().get(id).isEmpty()) {
                    images.store(StoredImages.of("load", img.imageId(), img.config(), img.layers(), layers,
                            List.of(), null), img.config());
                }
                if (img.repoTags().isEmpty()) {
                    lines.add("Loaded image ID: " + id);
                }
                for (String tag : img.repoTags()) {
                    Reference ref = Reference.parse(tag);
                    images.tagReference(ref, id);
                    lines.add("Loaded image: " + ref.familiar());
                }
            }
            lines.forEach(l -> progress.status(null, l, -1, -1));
            return new Loaded(lines, skipped);
        } finally {
            images.storeLock().readLock().unlock();
            deleteTree(scratch);
        }
    }

    static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort; a scratch dir left behind is only disk
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // already gone
        }
    }
}
