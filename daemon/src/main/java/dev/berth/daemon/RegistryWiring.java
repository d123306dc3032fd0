package dev.berth.daemon;

import dev.berth.actors.image.ImageArchiveWorkflow;
import dev.berth.actors.image.ImageCommitWorkflow;
import dev.berth.actors.image.ImageGc;
import dev.berth.actors.image.ImagePullWorkflow;
import dev.berth.actors.image.ImagePushWorkflow;
import dev.berth.actors.image.ImageService;
import dev.berth.engine.ImageWorkflows;
import dev.berth.image.ContentStore;
import dev.berth.image.LayerStore;
import dev.berth.registry.AuthChecker;
import dev.berth.registry.ImagePull;
import dev.berth.registry.ImagePush;
import dev.berth.registry.InsecureRegistries;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The registry client (one per daemon) and the image workflows over it, from daemon.json's
 * {@code registry-mirrors}, {@code insecure-registries}, {@code max-concurrent-downloads} and
 * {@code max-concurrent-uploads}.
 */
final class RegistryWiring {
    private RegistryWiring() {}

    static ImageWorkflows workflows(Map<String, Object> options, ImageService images, ContentStore content,
                                    LayerStore layers, Path dataRoot) {
        RegistryClient client = new RegistryClient(config(options));
        Path scratch = dataRoot.resolve("tmp");
        return new ImageWorkflows(
                new ImagePullWorkflow(images, client, content, layers,
                        intOption(options, "max-concurrent-downloads", ImagePull.DEFAULT_CONCURRENT_DOWNLOADS)),
                new ImagePushWorkflow(images, client, content,
                        intOption(options, "max-concurrent-uploads", ImagePush.DEFAULT_CONCURRENT_UPLOADS)),
                new ImageArchiveWorkflow(images, content, layers, scratch),
                new ImageCommitWorkflow(images, content, layers, scratch),
                new ImageGc(images, content, layers),
                new AuthChecker(client),
                layers);
    }

    static RegistryConfig config(Map<String, Object> options) {
        List<URI> mirrors = new ArrayList<>();
        for (String m : strings(options.get("registry-mirrors"))) {
            mirrors.add(URI.create(m.endsWith("/") ? m.substring(0, m.length() - 1) : m));
        }
        return new RegistryConfig(mirrors, new InsecureRegistries(strings(options.get("insecure-registries"))),
                null, null, null, "berth/" + BuildInfo.VERSION);
    }

    static int intOption(Map<String, Object> options, String key, int fallback) {
        Object v = options.get(key);
        if (v instanceof Number n) {
            return n.intValue() < 1 ? fallback : n.intValue();
        }
        if (v != null) {
            try {
                int i = Integer.parseInt(v.toString().trim());
                return i < 1 ? fallback : i;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("daemon.json: " + key + " must be a number, not " + v);
            }
        }
        return fallback;
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(o -> out.add(String.valueOf(o)));
        } else if (value != null && !value.toString().isBlank()) {
            for (String s : value.toString().split(",")) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
