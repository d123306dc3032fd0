package dev.berth.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The third-party volume driver jar ({@code test-plugins/volume-sample}, compiled against spi alone by
 * the reactor before this module's tests; never on their class path), packed from that module's
 * compiled classes so {@code mvn test} and {@code mvn verify} both get the current one.
 */
final class SamplePluginJar {
    static final String SAMPLE = "sample";
    static final String BROKEN = "broken";
    static final String BROKEN_REASON = "broken volume driver: its storage backend is not configured";
    static final String MARKER = ".sample-driver";

    private SamplePluginJar() {
    }

    /** Writes the jar to {@code jar}; fails (never skips) when the module was not built. */
    static Path writeTo(Path jar) throws IOException {
        return writeTo(jar, "volume-sample", "dev.berth.spi.volume.VolumeProvider");
    }

    /** The authorization plugins' jar ({@code test-plugins/authz-sample}: {@code no-privileged}, {@code exploding}). */
    static Path writeAuthzTo(Path jar) throws IOException {
        return writeTo(jar, "authz-sample", "dev.berth.spi.authz.AuthorizationProvider");
    }

    /** The event sink jar ({@code test-plugins/sink-sample}: {@code sample}, and a provider that throws). */
    static Path writeSinkTo(Path jar) throws IOException {
        return writeTo(jar, "sink-sample", "dev.berth.spi.events.EventSinkProvider");
    }

    private static Path writeTo(Path jar, String module, String service) throws IOException {
        Path classes = Path.of(System.getProperty("basedir", "."))
                .resolve("../test-plugins/" + module + "/target/classes").normalize();
        if (!Files.isRegularFile(classes.resolve("META-INF/services/" + service))) {
            throw new IllegalStateException(classes + " holds no built plugin: build the reactor with -am "
                    + "(test-plugins/" + module + " comes before daemon)");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Path f : files) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
