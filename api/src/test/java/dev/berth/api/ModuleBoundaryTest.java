package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The API knows the engine only through its backend interfaces: no Berth import but api and spi. */
class ModuleBoundaryTest {

    @Test
    void mainSources_importOnlyApiAndSpiFromBerth() throws IOException {
        List<String> offending;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            offending = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> {
                        try {
                            return Files.readAllLines(p).stream().map(l -> p.getFileName() + ": " + l);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .filter(l -> l.matches(".*: import (static )?dev\\.berth\\..*"))
                    .filter(l -> !l.matches(".*: import (static )?dev\\.berth\\.(api|spi)\\..*"))
                    .toList();
        }
        assertThat(offending).isEmpty();
    }
}
