package dev.berth.cli.machine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The base image every machine's disk is an overlay of: built once by {@code scripts/machine-image}
 * from Debian packages and cached under a key made of the script and its package set. Berth's own
 * jars are not in it (they change with every build): each machine gets them on a disk of its own.
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
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    /**
     * The machine's second disk (/dev/vdb, /opt/berth in the guest): {@code bin/berthd} and the
     * daemon's jars of the checkout that runs {@code init}, as an ext4 image made without mounting.
     */
    static void berthDisk(MachineHome home, Path target) throws IOException, InterruptedException {
        Path built = home.berthRoot().resolve("daemon").resolve("target");
        Path jar;
        try (Stream<Path> s = Files.list(built)) {
            jar = s.filter(p -> p.getFileName().toString().matches("berth-daemon-[^/]*(?<!-tests)\\.jar"))
                    .findFirst().orElseThrow(() -> new IOException("no daemon jar in " + built));
        } catch (NoSuchFileException e) {
            throw new IOException("no daemon build in " + built + ": run 'mvn -DskipTests package' first");
        }
        Path stage = Files.createTempDirectory(target.getParent(), "opt-berth");
        try {
            Path daemon = Files.createDirectories(stage.resolve("daemon").resolve("target"));
            Files.createDirectories(stage.resolve("bin"));
            Files.copy(home.berthRoot().resolve("bin").resolve("berthd"), stage.resolve("bin").resolve("berthd"));
            Files.copy(jar, daemon.resolve(jar.getFileName()));
            // the guest's API proxy (GuestProxy) is in the cli jar this command runs from
            Path cli = Path.of(MachineImage.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Files.copy(cli, stage.resolve("berth-cli.jar"));
            Path lib = Files.createDirectories(daemon.resolve("lib"));
            long bytes = Files.size(jar);
            try (Stream<Path> s = Files.list(built.resolve("lib"))) {
                for (Path p : s.toList()) {
                    Files.copy(p, lib.resolve(p.getFileName()));
                    bytes += Files.size(p);
                }
            }
            // room for the class-data archive bin/berthd writes on the first clean stop
            long mib = bytes / (1 << 20) * 2 + 128;
            Commands.output(List.of("mkfs.ext4", "-q", "-L", "berth", "-d", stage.toString(), target.toString(), mib + "M"));
        } catch (URISyntaxException e) {
            throw new IOException("cannot find the cli jar: " + e.getMessage());
        } finally {
            MachineCommands.deleteTree(stage);
        }
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
        Process p = new ProcessBuilder(script(home).toString(), dir.toString())
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
