package dev.berth.engine;

import dev.berth.actors.image.ImagePullWorkflow;
import dev.berth.actors.image.ImageService;
import dev.berth.api.backend.ProgressSink;
import dev.berth.api.model.AuthConfig;
import dev.berth.image.Reference;
import dev.berth.registry.RegistryAuth;
import dev.berth.spi.EngineException;
import java.util.Map;

/** Pull, push and login: registry traffic with the caller's credentials, used for the one call. */
final class ImageTransfers {
    private final ImageWorkflows flows;

    ImageTransfers(ImageWorkflows flows) {
        this.flows = flows;
    }

    void pull(String fromImage, String tag, String platform, String registryAuth, ProgressSink progress) {
        if (flows == null) {
            throw EngineException.unavailable("registry access is not configured", null);
        }
        Reference ref = ImagePullWorkflow.reference(fromImage, tag); // a bad name is a 400 before any progress
        RegistryAuth auth = RegistryAuth.fromHeader(registryAuth);
        flows.pull().pull(ref, platform, auth, adapt(progress));
    }

    void push(String name, String tag, String registryAuth, ProgressSink progress) {
        if (flows == null) {
            throw EngineException.unavailable("registry access is not configured", null);
        }
        flows.push().push(name, tag, RegistryAuth.fromHeader(registryAuth), adapt(progress));
    }

    String login(AuthConfig c) {
        if (flows == null) {
            throw EngineException.unavailable("registry access is not configured", null);
        }
        if (c == null) {
            throw EngineException.invalid("invalid JSON: got EOF while reading request body");
        }
        RegistryAuth auth = new RegistryAuth(c.username(), c.password(), c.serverAddress(), c.identityToken(),
                c.registryToken());
        return flows.auth().check(c.serverAddress(), auth);
    }

    static ImageService.Progress adapt(ProgressSink sink) {
        return new ImageService.Progress() {
            @Override
            public void status(String id, String status, long current, long total) {
                sink.status(id, status, current, total);
            }

            @Override
            public void aux(Map<String, Object> value) {
                sink.aux(value);
            }
        };
    }
}
