package dev.berth.cli.machine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The base image every machine's disk is an overlay of: built once by {@code scripts/machine-image}
 * and cached under a key made of the script, its Debian package set and the daemon's jars (by
 * content, so a rebuild of unchanged code reuses the image and a changed daemon gets a new one).
 */
final class MachineImage {
    static final String DISK = "base.qcow2";
    static final String KERNEL = "vmlinuz";
    static final String INITRD = "initrd.img";

    private MachineImage() {}

    static Path script(MachineHome home) {
        return home.berthRoot().resolve("scripts").resolve("machine-image");
    }

    static String key(MachineHome home) throws IOException, InterruptedException {
        MessageDigest md = sha256();
        Path script = script(home);
        if (!Files.isRegularFile(script)) {
            throw new IOException(script + " is missing: is berth.home (" + home.berthRoot() + ") a Berth checkout?");
        }
        md.update(Files.readAllBytes(script));
        md.update(Commands.output(List.of(script.toString(), "--packages")).getBytes(StandardCharsets.UTF_8));
        Path target = home.berthRoot().resolve("daemon").resolve("target");
        Path jar;
        try (Stream<Path> s = Files.list(target)) {
            jar = s.filter(p -> p.getFileName().toString().matches("berth-daemon-.*\\.jar")
                            && !p.getFileName().toString().contains("tests"))
                    .findFirst().orElseThrow(() -> new IOException("no daemon jar in " + target));
        } catch (NoSuchFileException e) {
            throw new IOException("no daemon build in " + target + ": run 'mvn -DskipTests package' first");
        }
        // entries' names and CRCs, not the jar's bytes: a rebuild stamps new times into the zip
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry z = e.nextElement();
                md.update((z.getName() + ":" + z.getCrc() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        try (Stream<Path> s = Files.list(target.resolve("lib"))) {
            for (Path lib : s.sorted().toList()) {
                md.update((lib.getFileName() + ":" + Files.size(lib) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    static boolean cached(MachineHome home, String key) {
        Path dir = home.cache().resolve(key);
        return Files.isRegularFile(dir.resolve(DISK)) && Files.isRegularFile(dir.resolve(KERNEL))
                && Files.isRegularFile(dir.resolve(INITRD));
    }

    /** Builds the image for {@code key} unless it is cached; the script's output goes to {@code log}. */
    static Path ensure(MachineHome home, String key, PrintStream log) throws IOException, InterruptedException {
        Path dir = home.cache().resolve(key);
        if (cached(home, key)) return dir;
        Files.createDirectories(home.cache());
        log.println("Building the machine image " + key + " from Debian packages (once; later machines reuse it)...");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(script(home).toString(), dir.toString(), home.berthRoot().toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(log);
        }
        if (p.waitFor() != 0 || !cached(home, key)) {
            throw new IOException("building the machine image failed (scripts/machine-image exited " + p.exitValue() + ")");
        }
        log.printf("Machine image built in %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);
        return dir;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
