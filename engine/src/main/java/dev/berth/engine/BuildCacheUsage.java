package dev.berth.engine;

import dev.berth.actors.image.ImageService;
import dev.berth.api.backend.BuildPruneSpace;
import dev.berth.api.backend.Filters;
import dev.berth.api.model.BuildCacheRecord;
import dev.berth.api.model.BuildPruneReport;
import dev.berth.image.ImageConfig;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.spi.EngineException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The classic builder's cache as {@code system df} and {@code builder prune} see it. The cache is
 * made of images, so a record is an image that only serves as cache: one a build step made (source
 * {@code build}) that has no tag, that no container uses, and that another image builds on (its
 * history and layers extend the record's) — an intermediate step, not the result of a build (an
 * untagged result is a dangling image, for {@code image prune}). A record is {@code Shared} when its
 * own layer is also in an image that is not a record (removing it frees nothing of that layer);
 * its size is that layer's, 0 for a config-only step. {@code builder prune} without {@code -a}
 * removes the records no tagged image builds on; with {@code -a}, all of them; {@code until} keeps
 * the newer ones, {@code label}/{@code label!} (which the CLI's system prune sends to every prune) test the
 * record's image labels; a limit ({@code --keep-storage}, {@link BuildPruneSpace}) removes the selected records
 * oldest first and stops once the cache's total is within it. A build after a prune finds nothing of what was
 * removed in its cache.
 */
final class BuildCacheUsage {
    private final ImageService images;
    private final ImageService.Users users;
    private final LongSupplier collect;

    /** One record and what prune needs to know about it. */
    record Entry(ImageEvent.Stored image, String parent, String description, boolean shared, boolean underTag,
                 long size) {
        BuildCacheRecord dto() {
            String created = DateTimeFormatter.ISO_INSTANT.format(image.created());
            return new BuildCacheRecord(image.id().substring(7), parent == null ? null : List.of(parent.substring(7)),
                    "regular", description, false, shared, size, created, created, 1);
        }
    }

    /** @param collect deletes what no image uses any more; returns the bytes it freed */
    BuildCacheUsage(ImageService images, ImageService.Users users, LongSupplier collect) {
        this.images = images;
        this.users = users;
        this.collect = collect;
    }

    List<Entry> entries() {
        Map<String, ImageConfig> configs = new HashMap<>();
        for (ImageEvent.Stored img : images.view().all()) {
            try {
                configs.put(img.id(), images.config(img.id()));
            } catch (EngineException e) {
                // being removed: neither a record nor a child
            }
        }
        List<ImageEvent.Stored> all = images.view().all().stream().filter(i -> configs.containsKey(i.id())).toList();
        Set<String> recordIds = new HashSet<>();
        for (ImageEvent.Stored img : all) {
            if (isCandidate(img) && all.stream().anyMatch(o -> extendsImage(configs.get(o.id()), configs.get(img.id())))) {
                recordIds.add(img.id());
            }
        }
        Set<String> outsideLayers = new HashSet<>();
        for (ImageEvent.Stored img : all) {
            if (!recordIds.contains(img.id())) {
                img.layers().forEach(l -> outsideLayers.add(l.chainId()));
            }
        }
        List<Entry> out = new ArrayList<>();
        for (ImageEvent.Stored img : all) {
            if (!recordIds.contains(img.id())) {
                continue;
            }
            ImageConfig c = configs.get(img.id());
            List<ImageConfig.History> h = c.history();
            boolean ownLayer = !h.isEmpty() && !h.get(h.size() - 1).emptyLayer() && !img.layers().isEmpty();
            ImageEvent.Layer top = ownLayer ? img.layers().get(img.layers().size() - 1) : null;
            String parent = null;
            boolean underTag = false;
            for (ImageEvent.Stored o : all) {
                ImageConfig oc = configs.get(o.id());
                if (parent == null && oc.history().size() == h.size() - 1 && extendsImage(c, oc)) {
                    parent = o.id();
                }
                if (!underTag && !images.view().referencesOf(o.id()).isEmpty() && extendsImage(oc, c)) {
                    underTag = true;
                }
            }
            out.add(new Entry(img, parent, h.isEmpty() ? "" : h.get(h.size() - 1).createdBy(),
                    top != null && outsideLayers.contains(top.chainId()), underTag, top == null ? 0 : top.size()));
        }
        return out;
    }

    /**
     * @param space what to keep: with a limit the selected records go least recently used first (a record is
     *              used when made: its LastUsedAt), and only until the cache's total is down to its keepBytes
     * @param free  the data root's free bytes, asked only for a min-free-space
     */
    BuildPruneReport prune(boolean all, Filters filters, BuildPruneSpace space, LongSupplier free) {
        PruneFilters filter = PruneFilters.of(filters, Instant.now());
        List<Entry> entries = entries();
        long total = entries.stream().mapToLong(Entry::size).sum();
        long keep = space.keepBytes(total, space.minFree() == 0 ? 0 : free.getAsLong());
        List<Entry> selected = new ArrayList<>(entries.stream()
                .filter(e -> (all || !e.underTag()) && filter.test(e.image().created(), e.image().labels())).toList());
        selected.sort(java.util.Comparator.comparing((Entry e) -> e.image().created()));
        List<String> deleted = new ArrayList<>();
        for (Entry e : selected) {
            if (keep > 0 && total <= keep) {
                break;
            }
            try {
                images.remove(e.image().id(), false, users);
                deleted.add(e.image().id().substring(7));
                total -= e.size();
            } catch (EngineException gone) {
                // removed or taken into use meanwhile: no longer a record
            }
        }
        long bytes = deleted.isEmpty() ? 0 : collect.getAsLong();
        return new BuildPruneReport(deleted, bytes);
    }

    private boolean isCandidate(ImageEvent.Stored img) {
        return "build".equals(img.source()) && images.view().referencesOf(img.id()).isEmpty()
                && users.running(img.id()).isEmpty() && users.stopped(img.id()).isEmpty();
    }

    /** Whether {@code child}'s history and layers start with all of {@code parent}'s, and go further. */
    private static boolean extendsImage(ImageConfig child, ImageConfig parent) {
        return child.history().size() > parent.history().size()
                && child.history().subList(0, parent.history().size()).equals(parent.history())
                && child.diffIds().size() >= parent.diffIds().size()
                && child.diffIds().subList(0, parent.diffIds().size()).equals(parent.diffIds());
    }
}
