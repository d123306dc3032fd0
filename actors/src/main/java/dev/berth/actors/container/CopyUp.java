package dev.berth.actors.container;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Docker's copy-up: an empty volume mounted where the image has files gets a copy of them (owners,
 * modes, symlinks and timestamps kept), so a database image's initial data is in its new volume.
 * Checking that the volume is empty makes it happen once per volume, as in dockerd.
 */
final class CopyUp {
    private CopyUp() {}

    /**
     * Copies the image's directory at {@code target} (inside {@code rootfs}) into {@code volume} if the
     * volume is empty; does nothing when the image has no directory there.
     */
    static void intoEmptyVolume(Path rootfs, String target, Path volume) {
        Path source = inRootfs(rootfs, target);
        if (source == null || !Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS) || !isEmpty(volume) || isEmpty(source)) {
            return;
        }
        // cp -a keeps what a Java copy would each have to redo: owners, modes, symlinks, hard links, xattrs.
        List<String> argv = List.of("cp", "-a", "--", source + "/.", volume + "/");
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw EngineException.internal("copying the image's " + target + " into its volume failed: " + out, null);
            }
        } catch (IOException e) {
            throw EngineException.internal("copying the image's " + target + " into its volume failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.internal("interrupted while copying the image's " + target + " into its volume", e);
        }
    }

    /**
     * The host path of {@code target} in the rootfs, or null when a component of it is a symlink (it
     * would resolve against the host, outside the rootfs) or missing.
     */
    static Path inRootfs(Path rootfs, String target) {
        Path p = rootfs;
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return null;
            }
            p = p.resolve(part);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
                return null;
            }
        }
        return p;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw EngineException.internal("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
