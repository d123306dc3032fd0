package dev.berth.actors.image;

import dev.berth.image.ContentStore;
import dev.berth.image.Digest;
import dev.berth.image.Reference;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.registry.ImagePush;
import dev.berth.registry.RegistryAuth;
import dev.berth.registry.RegistryClient;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker push}: each tag of the repository asked for (or the one tag) goes up through the
 * registry module; the pushed manifest's digest becomes a repo digest of the image and docker's
 * {@code push} event is journaled. Nothing local changes otherwise.
 */
public final class ImagePushWorkflow {
    private final ImageService images;
    private final ImagePush push;
    private final ContentStore content;
    private final int maxConcurrentUploads;

    public ImagePushWorkflow(ImageService images, RegistryClient client, ContentStore content, int maxConcurrentUploads) {
        this.images = images;
        this.push = new ImagePush(client, content);
        this.content = content;
        this.maxConcurrentUploads = maxConcurrentUploads;
    }

    /** @param tag one tag, or null/empty for every local tag of {@code name}'s repository */
    public void push(String name, String tag, RegistryAuth auth, ImageService.Progress progress) {
        Reference repo = Reference.parse(name);
        if (repo.digest() != null) {
            throw EngineException.invalid("cannot push a digest reference");
        }
        boolean nameHasTag = name.lastIndexOf(':') > name.lastIndexOf('/');
        List<Reference> targets = new ArrayList<>();
        if (tag != null && !tag.isEmpty()) {
            targets.add(repo.withTag(tag));
        } else if (nameHasTag) {
            targets.add(repo);
        } else {
            for (String canonical : new java.util.TreeSet<>(images.view().tags().tags().keySet())) {
                Reference r = Reference.parse(canonical);
                if (r.name().equals(repo.name()) && r.tag() != null) {
                    targets.add(r);
                }
            }
        }
        List<Reference> found = targets.stream().filter(t -> images.view().byReference(t.canonical()).isPresent()).toList();
        if (found.isEmpty()) {
            throw EngineException.notFound("An image does not exist locally with the tag: " + repo.familiarName());
        }
        for (Reference target : found) {
            String id = images.view().byReference(target.canonical()).orElseThrow();
            ImageEvent.Stored image = images.get(id);
            List<ImagePush.Layer> layers = StoredImages.layers(image).stream()
                    .map(l -> new ImagePush.Layer(l.blobDigest(), l.size(), null, l.diffId()))
                    .toList();
            ImagePush.PushResult result = push.push(target, content.read(Digest.parse(id)), layers,
                    mountSource(image, target), auth, maxConcurrentUploads, progress::status);
            progress.status(null, result.tag() + ": digest: " + result.digest() + " size: " + result.size(), -1, -1);
            Map<String, Object> aux = new LinkedHashMap<>();
            aux.put("Tag", result.tag());
            aux.put("Digest", result.digest().toString());
            aux.put("Size", result.size());
            progress.aux(aux);
            images.recordPull(id, target.familiar(), target.familiarName() + "@" + result.digest(), "push");
        }
    }

    /** A repository of the same registry the image is known in already, for cross-repository mounts. */
    private static Reference mountSource(ImageEvent.Stored image, Reference target) {
        for (String rd : image.repoDigests()) {
            try {
                Reference r = Reference.parse(rd);
                if (r.domain().equals(target.domain()) && !r.path().equals(target.path())) {
                    return r;
                }
            } catch (EngineException ignored) {
                // a malformed repo digest cannot be a mount source
            }
        }
        return null;
    }
}
