package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.persistence.JournalConfig;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.TagEvent;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportWarmUpTest {
    @TempDir
    Path root;

    /** Under the daemon's config the warm-up's events go through the journal's serializer and come back equal. */
    @Test
    void journalWriters_roundTripAnImportsEvents_withoutAJournal() {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "warmup",
                JournalConfig.forDataRoot(root).withFallback(ConfigFactory.load()).resolve());
        try {
            List<Object> back = ImportWarmUp.journalWriters(system);
            assertThat(back).hasSize(2);
            assertThat(back.get(0)).isInstanceOfSatisfying(ImageEvent.Stored.class, s -> {
                assertThat(s.source()).isEqualTo("import");
                assertThat(s.layers()).hasSize(1);
            });
            assertThat(back.get(1)).isInstanceOfSatisfying(TagEvent.Tagged.class,
                    t -> assertThat(t.reference()).isEqualTo("docker.io/library/warm-up:latest"));
            assertThat(root.resolve("journal")).as("nothing journaled").doesNotExist();
        } finally {
            system.terminate();
        }
    }
}
