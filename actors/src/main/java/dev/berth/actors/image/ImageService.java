package dev.berth.actors.image;

import dev.berth.actors.support.Ask;
import dev.berth.actors.support.Done;
import dev.berth.image.ContentStore;
import dev.berth.image.Digest;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageConfigJson;
import dev.berth.image.ImportResult;
import dev.berth.image.Importer;
import dev.berth.image.Reference;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;

/** Image workflows: import, tag, lookup, remove. Blocking; called from request threads. */
public final class ImageService {
    private final ActorRef<ImageRegistry.Envelope> images;
    private final ActorRef<TagCommand> tags;
    private final ImageView view;
    private final ContentStore content;
    private final ImageManifests manifests;
    private final Importer importer;
    private final Ask ask;
    private final Map<String, ImageConfig> configs = new ConcurrentHashMap<>();
    /** Writers of blobs and layers not yet journaled hold it shared; garbage collection exclusive. */
    private final java.util.concurrent.locks.ReadWriteLock storeLock = new java.util.concurrent.locks.ReentrantReadWriteLock();

    public ImageService(ActorRef<ImageRegistry.Envelope> images, ActorRef<TagCommand> tags, ImageView view,
                        ContentStore content, Importer importer, Ask ask) {
        this.images = images;
        this.tags = tags;
        this.view = view;
        this.content = content;
        this.manifests = new ImageManifests(content);
        this.importer = importer;
        this.ask = ask;
    }

    public ImageView view() {
        return view;
    }

    /** The manifests images are known by in registries (the content store's), for listings. */
    public ImageManifests manifests() {
        return manifests;
    }

    /** One step of an operation's progress (Docker's JSON stream renders it). */
    public interface Progress {
        void status(String id, String status, long current, long total);

        /** Docker's {@code aux} message (push: {@code {"Tag","Digest","Size"}}). */
        default void aux(Map<String, Object> value) {
        }
    }

    /**
     * Held shared by anything that writes blobs or layers before journaling the image that uses
     * them (pull, load, commit, import), and exclusively by garbage collection, so collection
     * never deletes what an operation in flight is about to register.
     */
    public java.util.concurrent.locks.ReadWriteLock storeLock() {
        return storeLock;
    }

    /** Journals an image whose bytes are all in the stores; a present image is left as it is. */
    public void store(ImageEvent.Stored stored, ImageConfig config) {
        configs.put(stored.id(), config);
        ask.<ImageRegistry.Envelope, Done>call(images, r -> new ImageRegistry.Envelope(stored.id(),
                new ImageCommand.Store(stored, r)));
    }

    /** The image id {@link #warmUpEntity} wakes: a digest of zeros, which no content hashes to. */
    public static final String WARM_UP_ID = "sha256:" + "0".repeat(64);

    /**
     * For the daemon's import warm-up: wakes the entity of an image id no image has and asks it to record a pull,
     * which it refuses (no such image) with nothing journaled. The first import's new entity then finds the
     * entity's classes and command handlers built and a recovery's journal read done once. That idle entity
     * stays, as every woken image's does.
     */
    public void warmUpEntity() {
        try {
            recordPull(WARM_UP_ID, "warm-up", WARM_UP_ID, "pull");
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Journals docker's pull or push event for a present image, adding {@code repoDigest} to it. */
    public void recordPull(String imageId, String familiarRef, String repoDigest, String action) {
        var pulled = new ImageEvent.Pulled(Instant.now(), familiarRef, repoDigest, action);
        ask.<ImageRegistry.Envelope, Done>call(images, r -> new ImageRegistry.Envelope(imageId,
                new ImageCommand.RecordPull(pulled, r)));
    }

    /** Points {@code target} (a tag reference) at {@code imageId}, moving it if it named another image. */
    public void tagReference(Reference target, String imageId) {
        ask.<TagCommand, Done>call(tags, r -> new TagCommand.Tag(target.canonical(), imageId, r));
    }


    /** {@code docker import}: stores the rootfs, records the image, tags it if asked. Returns the image id. */
    public String importRootfs(InputStream body, String repo, String tag, List<String> changes, String message,
                               String architecture, String os, Progress progress) {
        Reference target = null;
        if (repo != null && !repo.isEmpty()) {
            target = Reference.parse(tag == null || tag.isEmpty() ? repo : repo + ":" + tag);
        }
        storeLock.readLock().lock();
        try {
            return importLocked(body, target, changes, message, architecture, os, progress);
        } finally {
            storeLock.readLock().unlock();
        }
    }

    private String importLocked(InputStream body, Reference target, List<String> changes, String message,
                                String architecture, String os, Progress progress) {
        ImportResult result = importer.importRootfs(body, changes == null ? List.of() : changes, message,
                architecture, os);
        String id = result.imageId().toString();
        configs.put(id, result.config());
        var layers = result.layers().stream()
                .map(l -> new ImageEvent.Layer(l.diffId().toString(), l.chainId().toString(),
                        l.blobDigest().toString(), l.size()))
                .toList();
        var stored = new ImageEvent.Stored(Instant.now(), id, "import", result.config().created(),
                result.config().architecture(), result.config().os(), layers, result.size(),
                result.config().config().labels());
        ask.<ImageRegistry.Envelope, Done>call(images, r -> new ImageRegistry.Envelope(id, new ImageCommand.Store(stored, r)));
        if (target != null) {
            Reference t = target;
            ask.<TagCommand, Done>call(tags, r -> new TagCommand.Tag(t.canonical(), id, r));
        }
        return id;
    }

    /**
     * The image id {@code ref} names: a full or short id, or a reference.
     *
     * @throws EngineException NOT_FOUND "No such image: ref"
     */
    public String resolve(String ref) {
        return find(ref).orElseThrow(() -> {
            if (ref != null && !ref.matches("(sha256:)?[0-9a-f]{1,64}")) {
                // A malformed reference is a 400 with Docker's wording, not a 404.
                return EngineException.notFound("No such image: " + Reference.parse(ref).familiar());
            }
            return EngineException.notFound("No such image: " + ref);
        });
    }

    public Optional<String> find(String ref) {
        return find(view, ref);
    }

    /** As {@link #find(String)} in any view: today's, or one folded as of an earlier time. */
    public static Optional<String> find(ImageView view, String ref) {
        if (ref == null || ref.isEmpty()) {
            return Optional.empty();
        }
        if (ref.startsWith("sha256:") || ref.matches("[0-9a-f]{64}")) {
            return view.byIdOrPrefix(ref);
        }
        try {
            Reference r = Reference.parse(ref);
            Optional<String> byRef = view.byReference(r.canonical());
            if (byRef.isPresent()) {
                return byRef;
            }
            if (r.digest() != null) {
                Optional<String> pulled = view.byRepoDigest(r.name(), r.digest().toString());
                if (pulled.isPresent()) {
                    return pulled;
                }
            }
        } catch (EngineException notAReference) {
            // fall through to the id prefix
        }
        return ref.matches("[0-9a-f]{1,63}") ? view.byIdOrPrefix(ref) : Optional.empty();
    }

    public ImageEvent.Stored get(String imageId) {
        return view.get(imageId).orElseThrow(() -> EngineException.notFound("No such image: " + imageId));
    }

    public ImageConfig config(String imageId) {
        return configs.computeIfAbsent(imageId, id -> ImageConfigJson.read(content.read(Digest.parse(id))));
    }

    public void tag(String ref, String repo, String tag) {
        String id = resolve(ref);
        Reference target = Reference.parse(tag == null || tag.isEmpty() ? repo : repo + ":" + tag);
        if (target.digest() != null) {
            throw EngineException.invalid("refusing to create a tag with a digest reference");
        }
        ask.<TagCommand, Done>call(tags, r -> new TagCommand.Tag(target.canonical(), id, r));
    }

    /** Who uses an image, so that removal can refuse: container short ids, running or not. */
    public interface Users {
        List<String> running(String imageId);

        List<String> stopped(String imageId);
    }

    /** The images' parents as Docker shows them ({@link ImageParents}), as of now. */
    public ImageParents parents() {
        return ImageParents.of(this);
    }

    /**
     * Removes an image without regard to parents (the build cache's prune removes its records so): returns
     * Docker's list of {@code Untagged}/{@code Deleted} lines as (kind, value) pairs.
     */
    public List<Map.Entry<String, String>> remove(String ref, boolean force, Users users) {
        return remove(ref, force, users, null, false);
    }

    /**
     * {@code docker rmi}: an image with children cannot be deleted by id (dockerd's hard conflict), and
     * removing its last name only untags it; with {@code prune} (rmi's default, {@code --no-prune} turns it
     * off) the untagged ancestors that no container uses and that have no other child go with it.
     */
    public List<Map.Entry<String, String>> delete(String ref, boolean force, boolean prune, Users users) {
        return remove(ref, force, users, parents(), prune);
    }

    /** {@code family} null: parents are not looked at. */
    List<Map.Entry<String, String>> remove(String ref, boolean force, Users users, ImageParents family,
                                           boolean prune) {
        String id = resolve(ref);
        String shortId = id.substring(7, 19);
        List<String> refs = view.referencesOf(id);
        boolean byName = !isIdRef(ref, id);
        boolean hasChildren = family != null && family.hasChildren(id);
        if (hasChildren && !byName) {
            throw EngineException.conflict("conflict: unable to delete " + shortId
                    + " (cannot be forced) - image has dependent child images");
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (byName && refs.size() > 1) {
            out.add(Map.entry("Untagged", untag(Reference.parse(ref).canonical())));
            return out;
        }
        List<String> running = users.running(id);
        List<String> stopped = users.stopped(id);
        if (!running.isEmpty()) {
            throw new EngineException(ErrorKind.CONFLICT, byName
                    ? "conflict: unable to remove repository reference \"" + ref + "\" (must force) - container "
                            + running.get(0) + " is using its referenced image " + shortId
                    : "conflict: unable to delete " + shortId + " (cannot be forced) - image is being used by running container "
                            + running.get(0));
        }
        if (!force) {
            if (!byName && refs.size() > 1) {
                throw EngineException.conflict("conflict: unable to delete " + shortId
                        + " (must be forced) - image is referenced in multiple repositories");
            }
            if (!stopped.isEmpty()) {
                throw EngineException.conflict(byName
                        ? "conflict: unable to remove repository reference \"" + ref + "\" (must force) - container "
                                + stopped.get(0) + " is using its referenced image " + shortId
                        : "conflict: unable to delete " + shortId + " (must be forced) - image is being used by stopped container "
                                + stopped.get(0));
            }
        }
        for (String r : refs) {
            out.add(Map.entry("Untagged", untag(r)));
        }
        if (stopped.isEmpty() && !hasChildren) {
            String parent = family == null ? null : family.parent(id);
            delete(id, family);
            out.add(Map.entry("Deleted", id));
            if (prune) {
                for (String p = parent; p != null && removableAncestor(p, family, users); ) {
                    String next = family.parent(p);
                    delete(p, family);
                    out.add(Map.entry("Deleted", p));
                    p = next;
                }
            }
        }
        return out;
    }

    /** An ancestor rmi takes along: still here, untagged, unused, and without another child. */
    private boolean removableAncestor(String id, ImageParents family, Users users) {
        return view.get(id).isPresent() && view.referencesOf(id).isEmpty() && !family.hasChildren(id)
                && users.running(id).isEmpty() && users.stopped(id).isEmpty();
    }

    private void delete(String id, ImageParents family) {
        ask.<ImageRegistry.Envelope, Done>call(images, r -> new ImageRegistry.Envelope(id, new ImageCommand.Remove(r)));
        configs.remove(id);
        if (family != null) {
            family.forget(id);
        }
    }

    private String untag(String canonical) {
        ask.<TagCommand, String>call(tags, r -> new TagCommand.Untag(canonical, r));
        return familiar(canonical);
    }

    private static boolean isIdRef(String ref, String id) {
        String hex = ref.startsWith("sha256:") ? ref.substring(7) : ref;
        return hex.matches("[0-9a-f]+") && id.substring(7).startsWith(hex) && !ref.contains(":") || ref.equals(id);
    }

    /** {@code docker.io/library/busybox:latest} → {@code busybox:latest}. */
    public static String familiar(String canonical) {
        return Reference.parse(canonical).familiar();
    }
}
