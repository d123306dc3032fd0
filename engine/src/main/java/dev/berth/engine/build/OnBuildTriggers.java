package dev.berth.engine.build;

import dev.berth.dockerfile.Dockerfile;
import dev.berth.dockerfile.DockerfileException;
import dev.berth.dockerfile.Instruction;
import dev.berth.spi.EngineException;
import java.util.List;

/** ONBUILD's other half: the triggers a base image carries, run by a build that starts FROM it. */
final class OnBuildTriggers {
    private OnBuildTriggers() {
    }

    /**
     * The base image's ONBUILD triggers, run as part of FROM the way dockerd does (no Step lines of
     * their own); the config loses them first, so the images this build makes do not inherit them.
     */
    static void run(StageBuilder stage) {
        List<String> triggers = stage.config.onBuild();
        stage.run.print("# Executing " + triggers.size() + " build trigger" + (triggers.size() > 1 ? "s" : "") + "...\n");
        stage.config = stage.config.withoutOnBuild();
        for (String trigger : triggers) {
            Dockerfile parsed;
            try {
                // The trigger alone is not a Dockerfile: a FROM in front makes it one stage's instruction.
                parsed = Dockerfile.parse("FROM scratch\n" + trigger + "\n", "ONBUILD");
            } catch (DockerfileException e) {
                throw EngineException.invalid(e.getMessage());
            }
            if (parsed.stages().size() > 1) {
                throw EngineException.invalid("FROM isn't allowed as an ONBUILD trigger");
            }
            for (Instruction i : parsed.stages().get(0).instructions()) {
                if (i instanceof Instruction.Onbuild) {
                    throw EngineException.invalid("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                }
                if (i instanceof Instruction.Maintainer) {
                    throw EngineException.invalid("MAINTAINER isn't allowed as an ONBUILD trigger");
                }
                stage.dispatch(i);
            }
        }
    }
}
