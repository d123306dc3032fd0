package dev.berth.engine.build;

import dev.berth.api.backend.ProgressSink;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import java.util.Optional;

/** FROM's image: the local one when present, else pulled, its progress in the build's stream. */
final class BaseImages {
    private BaseImages() {
    }

    static String resolve(BuildRun run, String name) {
        Reference.parse(name); // a malformed name fails here, in Docker's words
        Optional<String> local = run.images.find(name);
        if (local.isPresent()) {
            return local.get();
        }
        run.imagesApi.pull(name, null, null, null, run.quiet ? new Silent() : run.out);
        return run.images.find(name).orElseThrow(() -> EngineException.notFound("No such image: " + name));
    }

    private static final class Silent implements ProgressSink {
        @Override
        public void status(String id, String status, long current, long total) {
        }
    }
}
