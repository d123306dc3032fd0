package dev.berth.cli.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextTarTest {

    @TempDir
    Path dir;

    private List<TarArchiveEntry> entries(byte[] tar) throws IOException {
        List<TarArchiveEntry> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void write_dockerignoreApplied_dockerfileAndIgnoreFileAlwaysSent_rootOwned() throws IOException {
        Files.writeString(dir.resolve(".dockerignore"), "Dockerfile\n.dockerignore\n*.log\nvendor\n!vendor/keep\n");
        Files.writeString(dir.resolve("Dockerfile"), "FROM x\n");
        Files.writeString(dir.resolve("a.log"), "no");
        Files.writeString(dir.resolve("main.go"), "yes");
        Files.createDirectories(dir.resolve("vendor/lib"));
        Files.writeString(dir.resolve("vendor/lib/x"), "no");
        Files.writeString(dir.resolve("vendor/keep"), "yes");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContextTar.write(dir, "Dockerfile", null, out);
        List<TarArchiveEntry> entries = entries(out.toByteArray());
        assertThat(entries).extracting(TarArchiveEntry::getName)
                .containsExactly(".dockerignore", "Dockerfile", "main.go", "vendor/keep");
        assertThat(entries).allMatch(e -> e.getLongUserId() == 0 && e.getLongGroupId() == 0);
    }

    @Test
    void write_dockerfileFromOutside_addedUnderItsName() throws IOException {
        Files.writeString(dir.resolve("app.txt"), "x");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContextTar.write(dir, ".dockerfile.abc", "FROM y\n".getBytes(), out);
        assertThat(entries(out.toByteArray())).extracting(TarArchiveEntry::getName)
                .containsExactly("app.txt", ".dockerfile.abc");
    }
}
