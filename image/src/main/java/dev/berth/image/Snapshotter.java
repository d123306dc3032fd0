package dev.berth.image;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Per-container overlayfs root filesystems.
 *
 * <pre>
 * containers/&lt;id&gt;/overlay/diff   upper dir: the container's writes
 * containers/&lt;id&gt;/overlay/work   overlayfs work dir
 * containers/&lt;id&gt;/rootfs         mount point
 * containers/&lt;id&gt;/image-mounts/&lt;n&gt;/root   an image mounted in the container ({@code --mount type=image}):
 *                                    its layers as a read-only overlay, without an upper dir
 * layers/&lt;chainId&gt;/              lower dirs, read-only, shared by every container of the image
 * </pre>
 *
 * Lifecycle: {@link #mount} (idempotent) → container runs → {@link #unmount} (idempotent) →
 * {@link #remove} deletes the writes. Mount state is read from {@code /proc/self/mountinfo}, never
 * remembered, so a restarted daemon sees the truth. Calls for one container must not run
 * concurrently; different containers are independent.
 */
public final class Snapshotter {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final long MS_RDONLY = 1;
    private final Path containers;
    private final Path layers;

    public Snapshotter(Path dataRoot) {
        this.containers = dataRoot.resolve("containers");
        this.layers = dataRoot.resolve("layers");
    }

    /**
     * Mounts the container's root filesystem over {@code chainIds} (base first) and returns the
     * mount point. Mounting an already mounted container returns the same path.
     */
    public Path mount(String containerId, List<Digest> chainIds) {
        Path rootfs = rootfs(containerId);
        if (isMounted(containerId)) {
            return rootfs;
        }
        Path overlay = containerDir(containerId).resolve("overlay");
        Path upper = overlay.resolve("diff");
        Path work = overlay.resolve("work");
        try {
            Files.createDirectories(upper);
            Files.createDirectories(work);
            Files.createDirectories(rootfs);
            String options = "lowerdir=" + lowerDirs(overlay, chainIds) + ",upperdir=" + upper + ",workdir=" + work;
            Mounts.mount("overlay", rootfs, "overlay", 0, options);
            return rootfs;
        } catch (IOException e) {
            throw EngineException.unavailable("cannot prepare rootfs of " + containerId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Mounts an image's layers read-only for {@code --mount type=image}: mount {@code index} of the container,
     * returned as a directory to bind into it. Mounting a mounted one returns the same path.
     */
    public Path mountImage(String containerId, int index, List<Digest> chainIds) {
        Path base = containerDir(containerId).resolve("image-mounts").resolve(Integer.toString(index));
        Path root = base.resolve("root");
        if (Mounts.isMountPoint(root)) {
            return root;
        }
        try {
            Files.createDirectories(root);
            // overlay without an upper dir wants two lower dirs at least: an empty one at the bottom
            Path bottom = Files.createDirectories(base.resolve("bottom"));
            Mounts.mount("overlay", root, "overlay", MS_RDONLY, "lowerdir=" + lowerDirs(base, chainIds) + ":" + bottom);
            return root;
        } catch (IOException e) {
            throw EngineException.unavailable("cannot mount image for " + containerId + ": " + e.getMessage(), e);
        }
    }

    /** Unmounts and removes every image mounted for the container ({@link #mountImage}); idempotent. */
    public void unmountImages(String containerId) {
        Path dir = containerDir(containerId).resolve("image-mounts");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var each = Files.list(dir)) {
            for (Path base : each.toList()) {
                unmountAll(base.resolve("root"));
                SafePath.deleteTree(base);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot remove the images mounted for " + containerId + ": "
                    + e.getMessage(), e);
        }
    }

    /** Overlay wants the top-most lower first; an image without layers gets one empty dir. */
    private String lowerDirs(Path overlay, List<Digest> chainIds) throws IOException {
        List<String> dirs = new ArrayList<>();
        for (int i = chainIds.size() - 1; i >= 0; i--) {
            Path dir = layers.resolve(chainIds.get(i).hex());
            if (!Files.isDirectory(dir)) {
                throw EngineException.notFound("layer " + chainIds.get(i) + " not found");
            }
            String s = dir.toString();
            if (s.contains(":") || s.contains(",")) {
                throw EngineException.invalid("data root path must not contain ':' or ',': " + s);
            }
            dirs.add(s);
        }
        if (dirs.isEmpty()) {
            Path empty = Files.createDirectories(overlay.resolve("empty"));
            dirs.add(empty.toString());
        }
        return String.join(":", dirs);
    }

    /** Unmounts; a no-op when not mounted. Falls back to a lazy detach while something holds it. */
    public void unmount(String containerId) {
        unmountAll(rootfs(containerId));
    }

    /** Unmounts every mount stacked at {@code point}; a no-op when none. */
    private static void unmountAll(Path point) {
        // Mounts can be stacked; a bound keeps a mountinfo surprise from looping forever.
        for (int i = 0; i < 16 && Mounts.isMountPoint(point); i++) {
            Mounts.unmount(point);
        }
        if (Mounts.isMountPoint(point)) {
            throw EngineException.unavailable("cannot unmount " + point, null);
        }
    }

    /** Unmounts and deletes the container's writes and mount point; idempotent. */
    public void remove(String containerId) {
        unmount(containerId);
        unmountImages(containerId);
        Path dir = containerDir(containerId);
        try {
            SafePath.deleteTree(dir.resolve("overlay"));
            Files.deleteIfExists(dir.resolve("rootfs"));
        } catch (IOException e) {
            throw EngineException.unavailable("cannot remove rootfs of " + containerId + ": " + e.getMessage(), e);
        }
    }

    public boolean isMounted(String containerId) {
        return Mounts.isMountPoint(rootfs(containerId));
    }

    /** The mount point; it exists only while prepared. */
    public Path rootfs(String containerId) {
        return containerDir(containerId).resolve("rootfs");
    }

    /** The container's upper dir, where its changes are ({@code docker diff}, commit). */
    public Path upperDir(String containerId) {
        return containerDir(containerId).resolve("overlay").resolve("diff");
    }

    private Path containerDir(String containerId) {
        if (containerId == null || !ID.matcher(containerId).matches()) {
            throw EngineException.invalid("invalid container id: " + containerId);
        }
        return containers.resolve(containerId);
    }
}
