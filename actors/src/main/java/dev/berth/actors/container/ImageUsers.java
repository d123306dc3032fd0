package dev.berth.actors.container;

import dev.berth.actors.image.ImageService;
import dev.berth.persistence.container.ContainerState;
import java.util.List;

/**
 * Who uses an image, from the container read model: what {@code rmi} and {@code image prune} check. A
 * container uses its own image and each image it mounts ({@code --mount type=image}).
 */
public final class ImageUsers implements ImageService.Users {
    private final ContainerView containers;

    public ImageUsers(ContainerView containers) {
        this.containers = containers;
    }

    @Override
    public List<String> running(String imageId) {
        return usersOf(imageId, true);
    }

    @Override
    public List<String> stopped(String imageId) {
        return usersOf(imageId, false);
    }

    /** Short ids, as Docker's conflict messages name them. */
    private List<String> usersOf(String imageId, boolean running) {
        return containers.all().stream()
                .filter(c -> c.info().imageId().equals(imageId)
                        || c.info().hostConfig().imageMounts().stream().anyMatch(m -> m.imageId().equals(imageId)))
                .filter(c -> (c instanceof ContainerState.Running || c instanceof ContainerState.Starting) == running)
                .map(c -> c.info().id().substring(0, 12))
                .toList();
    }
}
