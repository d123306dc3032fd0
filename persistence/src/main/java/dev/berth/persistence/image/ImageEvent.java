package dev.berth.persistence.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import dev.berth.persistence.CalledBy;
import dev.berth.spi.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Events of one image, persistence id {@code image|sha256:<hex>}. The image's bytes (config blob,
 * layer blobs, unpacked layer dirs) are written before {@link Stored} is journaled, so a journaled
 * image never lacks its layers.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ImageEvent.Stored.class, name = "stored"),
    @JsonSubTypes.Type(value = ImageEvent.Removed.class, name = "removed"),
    @JsonSubTypes.Type(value = ImageEvent.Pulled.class, name = "pulled"),
})
public sealed interface ImageEvent extends BerthSerializable {
    Instant at();

    /**
     * @param id      sha256:… of the config blob (the image id)
     * @param source  how it arrived: {@code import}, {@code pull}, {@code build}, {@code commit}, {@code load}
     * @param created the config's creation time
     * @param size    bytes of the unpacked layers
     * @param variant the config's CPU variant ({@code v8}); null when none (and in events written
     *                before it existed)
     * @param repoDigests {@code name@sha256:…} of the manifests it was pulled or pushed as; empty
     *                when none (and in events written before it existed)
     * @param origin  what it came from, for the event stream: the familiar reference of a pull,
     *                the container id of a commit; null otherwise
     */
    record Stored(Instant at, String id, String source, Instant created, String architecture, String os,
                  List<Layer> layers, long size, Map<String, String> labels, String variant,
                  List<String> repoDigests, String origin,
                  @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller)
            implements ImageEvent, CalledBy<ImageEvent> {
        @com.fasterxml.jackson.annotation.JsonCreator
        public Stored {
            layers = List.copyOf(layers);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
        }

        /** Without a caller: a row from before issue 15 recorded it. */
        public Stored(Instant at, String id, String source, Instant created, String architecture, String os,
                      List<Layer> layers, long size, Map<String, String> labels, String variant,
                      List<String> repoDigests, String origin) {
            this(at, id, source, created, architecture, os, layers, size, labels, variant, repoDigests, origin, null);
        }

        @Override
        public Stored withCaller(Caller caller) {
            return new Stored(at, id, source, created, architecture, os, layers, size, labels, variant, repoDigests,
                    origin, caller);
        }

        /** As before {@code variant}, {@code repoDigests} and {@code origin} existed. */
        public Stored(Instant at, String id, String source, Instant created, String architecture, String os,
                      List<Layer> layers, long size, Map<String, String> labels) {
            this(at, id, source, created, architecture, os, layers, size, labels, null, List.of(), null);
        }

        /** This image also known as {@code repoDigest} (kept once, in arrival order). */
        public Stored withRepoDigest(String repoDigest) {
            if (repoDigest == null || repoDigests.contains(repoDigest)) {
                return this;
            }
            var all = new java.util.ArrayList<>(repoDigests);
            all.add(repoDigest);
            return new Stored(at, id, source, created, architecture, os, layers, size, labels, variant, all, origin, caller);
        }
    }

    /**
     * A pull (or push) that found or made this image: journaled after every successful pull, also
     * when the image was already here ("Image is up to date"), so the event stream has docker's
     * {@code pull} and the image gains the repo digest.
     *
     * @param reference  the familiar reference pulled, {@code busybox:latest}
     * @param repoDigest {@code busybox@sha256:…}; null when unknown
     * @param action     {@code pull} or {@code push}; null reads as {@code pull}
     */
    record Pulled(Instant at, String reference, String repoDigest, String action,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ImageEvent, CalledBy<ImageEvent> {
        public Pulled {
            action = action == null ? "pull" : action;
        }

        /** Without a caller: a row from before issue 15 recorded it. */
        public Pulled(Instant at, String reference, String repoDigest, String action) {
            this(at, reference, repoDigest, action, null);
        }

        @Override
        public Pulled withCaller(Caller caller) {
            return new Pulled(at, reference, repoDigest, action, caller);
        }
    }

    record Removed(Instant at,
            @JsonInclude(JsonInclude.Include.NON_NULL) Caller caller) implements ImageEvent, CalledBy<ImageEvent> {
        /** Without a caller: the engine acting by itself, or a row from before issue 15. */
        public Removed(Instant at) {
            this(at, null);
        }

        @Override
        public Removed withCaller(Caller caller) {
            return new Removed(at, caller);
        }
    }

    /** One layer: its uncompressed digest, chain id, the stored blob and the unpacked size. */
    record Layer(String diffId, String chainId, String blobDigest, long size) {}
}
