package dev.berth.daemon;

import dev.berth.spi.volume.VolumeProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Plugin jars compiled here against the spi alone, as a third party builds them: two that bundle
 * different versions of one class ({@code clash.Shared}), one whose services file names a class it
 * does not hold, one whose provider throws in its constructor, one built for a newer spi major.
 */
final class GeneratedPluginJars {
    static final String CLASH_A = "clash-a-v1-isolated";
    static final String CLASH_B = "clash-b-v2-isolated";
    static final String CONSTRUCTOR_REASON = "the exploding provider cannot be made";
    static final String MISSING_PROVIDER = "missing.NoSuchProvider";
    static final String NEWER_SPI = "9.0.0";

    private GeneratedPluginJars() {
    }

    /** Writes every jar into {@code dir}: clash-a.jar, clash-b.jar, broken-entry.jar, throwing.jar, future.jar. */
    static void writeAll(Path dir, Path work) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("clash-a.jar"), work.resolve("a"), "1.0.0", "1.0.0",
                Map.of("clash.Shared", shared("1"), "clash.a.Provider", provider("clash.a", "clash-a")),
                "clash.a.Provider");
        write(dir.resolve("clash-b.jar"), work.resolve("b"), "2.0.0", "1.0.0",
                Map.of("clash.Shared", shared("2"), "clash.b.Provider", provider("clash.b", "clash-b")),
                "clash.b.Provider");
        write(dir.resolve("broken-entry.jar"), work.resolve("c"), "0.1.0", "1.0.0", Map.of(), MISSING_PROVIDER);
        write(dir.resolve("throwing.jar"), work.resolve("d"), "0.2.0", "1.0.0",
                Map.of("throwing.Provider", """
                        package throwing;
                        public final class Provider extends clash.Base {
                            public Provider() { throw new IllegalStateException("%s"); }
                            public String name() { return "throwing"; }
                        }""".formatted(CONSTRUCTOR_REASON)),
                "throwing.Provider");
        write(dir.resolve("future.jar"), work.resolve("e"), "3.0.0", NEWER_SPI,
                Map.of("future.Provider", provider("future", "future")), "future.Provider");
    }

    private static String shared(String version) {
        // a method, not a constant: a constant would be copied into its users at compile time
        return "package clash; public final class Shared { public static String version() { return \"" + version
                + "\"; } }";
    }

    /** A volume provider whose name says which Shared it sees and whether the daemon's classes are hidden. */
    private static String provider(String pkg, String prefix) {
        return """
                package %s;
                public final class Provider extends clash.Base {
                    public String name() {
                        String seen;
                        try {
                            Class.forName("dev.berth.daemon.Plugins");
                            seen = "sees-the-daemon";
                        } catch (ClassNotFoundException e) {
                            seen = "isolated";
                        }
                        return "%s-v" + %s + "-" + seen;
                    }
                }""".formatted(pkg, prefix, pkg.startsWith("clash") ? "clash.Shared.version()" : "\"0\"");
    }

    /** Every provider's base: a volume driver over {@code <data-root>/<name>/<volume>} directories. */
    private static final String BASE = """
            package clash;
            import dev.berth.spi.DriverContext;
            import dev.berth.spi.EngineException;
            import dev.berth.spi.volume.VolumeDriver;
            import dev.berth.spi.volume.VolumeProvider;
            import java.io.IOException;
            import java.io.UncheckedIOException;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.List;
            import java.util.Map;
            public abstract class Base implements VolumeProvider {
                public VolumeDriver create(DriverContext context) {
                    String me = name();
                    Path root = context.dataRoot().resolve(me);
                    return new VolumeDriver() {
                        public String name() { return me; }
                        public void create(String n, Map<String, String> o) { mkdirs(root.resolve(n)); }
                        public Path mount(String n, String c) {
                            if (!Files.isDirectory(root.resolve(n))) throw EngineException.notFound("no such volume: " + n);
                            return root.resolve(n);
                        }
                        public void unmount(String n, String c) { }
                        public Path path(String n) { return root.resolve(n); }
                        public void remove(String n) {
                            try { Files.deleteIfExists(root.resolve(n)); } catch (IOException e) { throw new UncheckedIOException(e); }
                        }
                        public void restore(Map<String, Map<String, String>> v, Map<String, List<String>> m) {
                            v.keySet().forEach(n -> mkdirs(root.resolve(n)));
                        }
                        public void close() { }
                    };
                }
                private static void mkdirs(Path p) {
                    try { Files.createDirectories(p); } catch (IOException e) { throw new UncheckedIOException(e); }
                }
            }""";

    private static void write(Path jar, Path work, String version, String spiVersion, Map<String, String> sources,
                              String serviceEntry) throws IOException {
        Path src = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> files = new ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>(sources);
        if (!sources.isEmpty()) {
            all.put("clash.Base", BASE);
        }
        for (var e : all.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f.toString());
        }
        if (!files.isEmpty()) {
            compile(classes, files);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        manifest.getMainAttributes().putValue("Berth-SPI-Version", spiVersion);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.putNextEntry(new JarEntry("META-INF/services/" + VolumeProvider.class.getName()));
            j.write((serviceEntry + "\n").getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
            List<Path> made;
            try (Stream<Path> walk = Files.walk(classes)) {
                made = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path c : made) {
                j.putNextEntry(new JarEntry(classes.relativize(c).toString()));
                Files.copy(c, j);
                j.closeEntry();
            }
        }
    }

    /** javac in-process, with only the spi on the class path. */
    private static void compile(Path classes, List<String> files) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String spi;
        try {
            spi = Path.of(VolumeProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", spi, "--release", "17"));
        args.addAll(files);
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IOException("javac failed (" + rc + ") for " + files);
        }
    }
}
