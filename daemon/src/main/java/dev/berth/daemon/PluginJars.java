package dev.berth.daemon;

import dev.berth.spi.SpiVersion;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jars of the plugin directory, each in a class loader of its own whose parent sees only the spi
 * (and the JDK): a plugin cannot reach the daemon's classes or its libraries, and two plugins that
 * bundle different versions of one library each get their own. A jar whose manifest declares an spi
 * version this daemon cannot honour, or that cannot be read, gets no class loader and says why.
 */
final class PluginJars {
    private static final Logger LOG = LoggerFactory.getLogger(PluginJars.class);
    private static final String SPI_PACKAGE = "dev.berth.spi.";

    /**
     * One jar: its loader, or the reason it was refused.
     *
     * @param version    its manifest's {@code Implementation-Version}, or "" when it declares none
     * @param spiVersion its manifest's {@value SpiVersion#MANIFEST_ATTRIBUTE}, or "" when it declares none
     * @param loader     null when refused
     * @param refusal    null when loaded
     */
    record Jar(String file, String version, String spiVersion, ClassLoader loader, String refusal) {
    }

    private PluginJars() {
    }

    /** Every {@code *.jar} directly in {@code dir}, sorted by name; none when the directory is missing. */
    static List<Jar> open(Path dir, ClassLoader daemon) {
        List<Jar> jars = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return jars;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot list plugin directory {}: {}", dir, e.getMessage());
            return jars;
        }
        ClassLoader spiOnly = new SpiOnly(daemon);
        for (Path f : files) {
            jars.add(openJar(f, spiOnly));
        }
        return jars;
    }

    private static Jar openJar(Path file, ClassLoader spiOnly) {
        String name = file.getFileName().toString();
        String version = "";
        String spi = "";
        try (JarFile jar = new JarFile(file.toFile())) {
            Manifest manifest = jar.getManifest();
            if (manifest != null) {
                Attributes main = manifest.getMainAttributes();
                version = valueOr(main.getValue(Attributes.Name.IMPLEMENTATION_VERSION));
                spi = valueOr(main.getValue(SpiVersion.MANIFEST_ATTRIBUTE));
            }
        } catch (IOException e) {
            return new Jar(name, version, spi, null, "not a readable jar: " + e.getMessage());
        }
        if (!spi.isEmpty()) {
            String refusal;
            try {
                refusal = SpiVersion.current().refusal(SpiVersion.parse(spi));
            } catch (IllegalArgumentException e) {
                refusal = SpiVersion.MANIFEST_ATTRIBUTE + " is " + e.getMessage();
            }
            if (refusal != null) {
                return new Jar(name, version, spi, null, refusal);
            }
        }
        try {
            return new Jar(name, version, spi, new URLClassLoader("plugin " + name, new URL[] {file.toUri().toURL()},
                    spiOnly), null);
        } catch (IOException e) {
            return new Jar(name, version, spi, null, e.getMessage());
        }
    }

    private static String valueOr(String v) {
        return v == null ? "" : v.strip();
    }

    /**
     * A plugin jar's parent: the JDK (the platform loader) plus the spi's own classes from the daemon.
     * Resources come from the JDK only, so a plugin's ServiceLoader finds only its own jar's services.
     */
    private static final class SpiOnly extends ClassLoader {
        private final ClassLoader daemon;

        SpiOnly(ClassLoader daemon) {
            super("berth-spi", ClassLoader.getPlatformClassLoader());
            this.daemon = daemon;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(SPI_PACKAGE)) {
                return daemon.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            return name.startsWith(SPI_PACKAGE.replace('.', '/')) ? daemon.getResource(name) : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.startsWith(SPI_PACKAGE.replace('.', '/')) ? daemon.getResources(name)
                    : name.startsWith("META-INF/") ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }
}
