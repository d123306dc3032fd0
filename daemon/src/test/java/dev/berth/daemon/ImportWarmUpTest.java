package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.berth.persistence.JournalConfig;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.TagEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportWarmUpTest {
    @TempDir
    Path root;

    /** The warm-up unpacks under its scratch directory (a stale one from a kill included) and leaves nothing. */
    @Test
    void run_leavesNoFiles_andTheDataRootUntouched() throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "warmup2",
                JournalConfig.forDataRoot(root.resolve("data")).withFallback(ConfigFactory.load()).resolve());
        try {
            Path scratch = root.resolve("exec").resolve("warm-up");
            Files.createDirectories(scratch.resolve("layers").resolve(".tmp-stale"));
            Files.createSymbolicLink(scratch.resolve("layers").resolve(".tmp-stale").resolve("ls"), Path.of("/bin/busybox"));
            ImportWarmUp.run(scratch, system);
            assertThat(scratch).doesNotExist();
            assertThat(root.resolve("exec")).isEmptyDirectory();
            assertThat(root.resolve("data")).doesNotExist();
        } finally {
            system.terminate();
        }
    }

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
