package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopySourcesTest {

    @TempDir
    Path root;

    @Test
    void absolute_relativeDestination_joinsWorkdirKeepingTrailingSlash() {
        assertThat(CopySources.absolute("src/", "/srv/app")).isEqualTo("/srv/app/src/");
        assertThat(CopySources.absolute("f.txt", null)).isEqualTo("/f.txt");
        assertThat(CopySources.absolute(".", "/w")).isEqualTo("/w/");
        assertThat(CopySources.absolute("/abs", "/w")).isEqualTo("/abs");
    }

    @Test
    void resolve_fileDirAndGlob_landWhereDockerPutsThem() throws IOException {
        Files.createDirectories(root.resolve("dir/sub"));
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(root.resolve("b.txt"), "b");
        Files.writeString(root.resolve("dir/sub/c"), "c");
        assertThat(CopySources.resolve("COPY", root, List.of("a.txt"), "/x", false))
                .containsExactly(new CopySources.Item(root.resolve("a.txt"), "/x"));
        assertThat(CopySources.resolve("COPY", root, List.of("a.txt"), "/x/", false))
                .containsExactly(new CopySources.Item(root.resolve("a.txt"), "/x/a.txt"));
        assertThat(CopySources.resolve("COPY", root, List.of("*.txt"), "/x/", false)).extracting(CopySources.Item::target)
                .containsExactly("/x/a.txt", "/x/b.txt");
        assertThat(CopySources.resolve("COPY", root, List.of("dir"), "/d", false))
                .containsExactly(new CopySources.Item(root.resolve("dir"), "/d"));
        assertThat(CopySources.resolve("COPY", root, List.of("a.txt", "b.txt"), "/existing", true))
                .extracting(CopySources.Item::target).containsExactly("/existing/a.txt", "/existing/b.txt");
    }

    @Test
    void resolve_badSources_failWithDockerWording() throws IOException {
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(root.resolve("b.txt"), "b");
        assertThatThrownBy(() -> CopySources.resolve("COPY", root, List.of("nope"), "/x", false)).hasMessage(
                "COPY failed: file not found in build context or excluded by .dockerignore: stat nope: file does not exist");
        assertThatThrownBy(() -> CopySources.resolve("COPY", root, List.of("*.md"), "/x/", false))
                .hasMessage("COPY failed: no source files were specified");
        assertThatThrownBy(() -> CopySources.resolve("ADD", root, List.of("a.txt", "b.txt"), "/x", false)).hasMessage(
                "When using ADD with more than one source file, the destination must be a directory and end with a /");
        assertThatThrownBy(() -> CopySources.resolve("COPY", root, List.of("a.txt/../../etc/passwd"), "/x", false))
                .hasMessage("forbidden path outside the build context: a.txt/../../etc/passwd ()");
    }
}
