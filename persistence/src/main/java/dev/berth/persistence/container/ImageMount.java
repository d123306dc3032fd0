package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.spi.EngineException;
import java.util.List;

/**
 * An image's files mounted read-only in the container ({@code --mount type=image,source=IMAGE,target=/x},
 * Docker Engine API v1.48): its layers stacked as an overlay without an upper layer, as the container's own
 * root is, bound at the target. Always from {@code HostConfig.Mounts}.
 *
 * @param image    the image as the request named it (what inspect shows back)
 * @param imageId  the image it resolved to at create; "" only before the create resolves it
 * @param layers   that image's layer chain ids, base first, resolved with it: what the start stacks, and what
 *                 keeps the image from removal while the container exists
 * @param target   absolute path in the container, not {@code /}
 * @param subpath  {@code ImageOptions.Subpath}: a directory or file of the image mounted instead of its root
 *                 (relative, never above it); "" = the whole image
 * @param readOnly the request's {@code ReadOnly}, shown back; the mount is read-only either way, as dockerd's
 */
public record ImageMount(String image, String imageId, List<String> layers, String target,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) String subpath, boolean readOnly) {
    public ImageMount {
        if (image == null || image.isEmpty()) {
            throw EngineException.invalid("invalid mount config for type \"image\": field Source must not be empty");
        }
        imageId = imageId == null ? "" : imageId;
        layers = layers == null ? List.of() : List.copyOf(layers);
        subpath = subpath == null ? "" : subpath;
        if (target == null || !target.startsWith("/")) {
            throw EngineException.invalid("invalid mount path: '" + target + "' mount path must be absolute");
        }
        if (ContainerPath.isRoot(target)) {
            throw EngineException.invalid("invalid specification: destination can't be '/'");
        }
    }

    /** The same mount, resolved to {@code id} and its layers at create. */
    public ImageMount resolved(String id, List<String> chainIds) {
        return new ImageMount(image, id, chainIds, target, subpath, readOnly);
    }
}
