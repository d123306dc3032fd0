package dev.berth.engine;

import dev.berth.persistence.image.ImageEvent;
import dev.berth.registry.Platform;
import dev.berth.spi.EngineException;
import java.util.List;

/**
 * The platform rules of {@code POST /containers/create}, as moby applies them: with a
 * {@code platform} asked for, a local image of another platform is NOT_FOUND in Docker's words
 * (the docker CLI then pulls the wanted variant and creates again); without one, an image whose
 * platform the host cannot run natively is created with Docker's warning.
 */
final class CreatePlatform {
    private CreatePlatform() {}

    /** The image's platform as its config says (an empty os is linux, as Docker assumes). */
    static Platform of(ImageEvent.Stored image) {
        return of(image.os(), image.architecture(), image.variant());
    }

    /** An image config's platform, by the same rule. */
    static Platform of(dev.berth.image.ImageConfig config) {
        return of(config.os(), config.architecture(), config.variant());
    }

    private static Platform of(String os, String architecture, String variant) {
        String o = os == null || os.isEmpty() ? "linux" : os;
        String arch = architecture == null || architecture.isEmpty()
                ? dev.berth.image.Platforms.hostArchitecture() : architecture;
        return new Platform(o, arch, variant == null || variant.isEmpty() ? null : variant).normalize();
    }

    /**
     * @param ref       the image as the request names it
     * @param requested the {@code platform} query parameter, or null/blank
     * @param image     the local image's platform
     * @param host      the engine's platform
     * @return the warnings for the create response
     * @throws EngineException NOT_FOUND when a platform was requested and the image is another one;
     *     INVALID_ARGUMENT for a malformed platform
     */
    static List<String> check(String ref, String requested, Platform image, Platform host) {
        if (requested != null && !requested.isBlank()) {
            requireMatch(ref, Platform.parse(requested), image);
            return List.of();
        }
        if (!host.accepts(image)) {
            return List.of("The requested image's platform (" + image.display()
                    + ") does not match the detected host platform (" + host.display()
                    + ") and no specific platform was requested");
        }
        return List.of();
    }

    /**
     * A local image asked for as {@code wanted}: Docker's NOT_FOUND in its words when it is another
     * platform (create, and image inspect and history with {@code platform}).
     */
    static void requireMatch(String ref, Platform wanted, Platform image) {
        if (!wanted.accepts(image)) {
            throw EngineException.notFound("image with reference " + ref
                    + " was found but does not match the specified platform: wanted " + wanted.display()
                    + ", actual: " + image.display());
        }
    }
}
