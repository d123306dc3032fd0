package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.dockerfile.Dockerfile;
import dev.berth.dockerfile.Stage;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagePlanTest {

    private static final Dockerfile DF = Dockerfile.parse("""
            FROM busybox AS base
            FROM base AS build
            RUN make
            FROM busybox AS unrelated
            FROM busybox AS docs
            FROM scratch AS final
            COPY --from=build /app /app
            COPY --from=3 /doc /doc
            FROM busybox AS dynamic
            COPY --from=${SRC} /x /x
            """, "Dockerfile");

    private static String names(List<Stage> stages) {
        return String.join(",", stages.stream().map(s -> s.name().orElse("?")).toList());
    }

    @Test
    void needed_followsFromAndCopyFromByNameAndIndex_skipsTheRest() {
        assertThat(names(StagePlan.needed(DF.stages(), DF.stage("final").orElseThrow())))
                .isEqualTo("base,build,docs,final");
        assertThat(names(StagePlan.needed(DF.stages(), DF.stage("build").orElseThrow()))).isEqualTo("base,build");
    }

    @Test
    void needed_variableReference_keepsEveryEarlierStage() {
        assertThat(names(StagePlan.needed(DF.stages(), DF.stage("dynamic").orElseThrow())))
                .isEqualTo("base,build,unrelated,docs,final,dynamic");
    }
}
