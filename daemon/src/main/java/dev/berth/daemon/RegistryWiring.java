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
import dev.berth.registry.IndexSearch;
import dev.berth.registry.InsecureRegistries;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryConfig;
import dev.berth.registry.RemoteInspect;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry client (one per daemon) and the image workflows over it, from daemon.json's
 * {@code registry-mirrors}, {@code insecure-registries}, {@code max-concurrent-downloads} and
 * {@code max-concurrent-uploads}.
 */
final class RegistryWiring {
    private RegistryWiring() {}

    static ImageWorkflows workflows(DaemonOptions options, ImageService images, ContentStore content,
                                    LayerStore layers, Path dataRoot) {
        RegistryClient client = new RegistryClient(config(options));
        Path scratch = dataRoot.resolve("tmp");
        return new ImageWorkflows(
                new ImagePullWorkflow(images, client, content, layers, options.maxConcurrentDownloads()),
                new ImagePushWorkflow(images, client, content, options.maxConcurrentUploads()),
                new ImageArchiveWorkflow(images, content, layers, scratch),
                new ImageCommitWorkflow(images, content, layers, scratch),
                new ImageGc(images, content, layers),
                new AuthChecker(client),
                layers,
                new RemoteInspect(client),
                new IndexSearch(client));
    }

    static RegistryConfig config(DaemonOptions options) {
        List<URI> mirrors = new ArrayList<>();
        for (String m : options.registryMirrors()) {
            mirrors.add(URI.create(m.endsWith("/") ? m.substring(0, m.length() - 1) : m));
        }
        return new RegistryConfig(mirrors, new InsecureRegistries(options.insecureRegistries()),
                null, null, null, "berth/" + BuildInfo.VERSION);
    }
}
