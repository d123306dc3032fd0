package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.image.ContainerChanges.Change;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerChangesTest {
    @TempDir
    Path tmp;

    @Test
    void of_addedAndModified_parentsOfChangesModified_runtimeMountPointsHidden() throws IOException {
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Files.createDirectories(lower.resolve("etc"));
        Files.createDirectories(lower.resolve("usr/lib"));
        Files.writeString(lower.resolve("etc/passwd"), "root");
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/passwd"), "changed");
        Files.writeString(upper.resolve("etc/hosts"), "");
        Files.createDirectories(upper.resolve("usr")); // copied up with nothing changed below: not listed
        Files.createDirectories(upper.resolve("proc"));
        Files.createDirectories(upper.resolve("data/new"));

        assertThat(ContainerChanges.of(upper, List.of(lower))).containsExactly(
                new Change("/data", Change.ADDED), new Change("/data/new", Change.ADDED),
                new Change("/etc", Change.MODIFIED), new Change("/etc/passwd", Change.MODIFIED));
    }

    @Test
    void of_noUpperDir_empty() throws IOException {
        assertThat(ContainerChanges.of(tmp.resolve("none"), List.of())).isEmpty();
    }
}
