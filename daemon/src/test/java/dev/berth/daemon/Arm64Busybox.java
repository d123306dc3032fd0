package dev.berth.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Debian's {@code busybox-static} for arm64, for the multi-platform tests: its {@code .deb} from
 * {@code scripts/install-deps}' cache ({@value #CACHE}, or {@code -Dberth.test.cache=DIR}), else
 * fetched with {@code apt-get download busybox-static:arm64} (adding dpkg's arm64 architecture and
 * updating apt's lists first when needed), then unpacked with {@code dpkg-deb -x}. Tests that need it
 * fail when it cannot be had.
 */
final class Arm64Busybox {
    static final String CACHE = "/var/cache/berth-test";
    private static final Duration APT = Duration.ofMinutes(5);
    private static Path binary;
    private static String failure;

    private Arm64Busybox() {}

    /** The arm64 busybox binary (unpacked once per JVM, deleted at exit); fails the test when unavailable. */
    static synchronized Path binary() {
        if (binary == null && failure == null) {
            try {
                binary = fetch();
            } catch (IOException | RuntimeException e) {
                failure = e.getMessage();
            }
        }
        assertTrue(binary != null, "no arm64 busybox-static (scripts/install-deps caches it): " + failure);
        return binary;
    }

    /** A rootfs tar around the arm64 busybox (for {@code docker import --platform linux/arm64}). */
    static synchronized Path rootfsTar() throws IOException {
        return BerthdProcess.busyboxRootfsTar(binary());
    }

    private static Path fetch() throws IOException {
        Path cacheDir = Path.of(System.getProperty("berth.test.cache", CACHE));
        Path deb = cachedDeb(cacheDir).orElse(null);
        Path work = Files.createTempDirectory("berth-arm64-busybox-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(work)));
        if (deb == null) {
            deb = download(work);
        }
        Path root = work.resolve("x");
        BerthdProcess.Result x = BerthdProcess.run(Duration.ofSeconds(60), "dpkg-deb", "-x", deb.toString(),
                root.toString());
        if (x.exitCode() != 0) {
            throw new IOException("dpkg-deb -x " + deb + ": " + x);
        }
        Path bin = root.resolve("bin/busybox");
        if (!Files.isRegularFile(bin)) {
            bin = root.resolve("usr/bin/busybox");
        }
        if (!Files.isRegularFile(bin) || !isAarch64Elf(bin)) {
            throw new IOException(deb + " holds no arm64 busybox binary");
        }
        return bin;
    }

    private static Optional<Path> cachedDeb(Path cacheDir) throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(cacheDir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("busybox-static_") && n.endsWith("_arm64.deb");
            }).sorted().reduce((a, b) -> b);
        }
    }

    private static Path download(Path work) throws IOException {
        if (BerthdProcess.onPath("apt-get").isEmpty() || BerthdProcess.onPath("dpkg").isEmpty()) {
            throw new IOException("apt-get/dpkg not found");
        }
        BerthdProcess.Result foreign = BerthdProcess.run(Duration.ofSeconds(20), "dpkg",
                "--print-foreign-architectures");
        if (!foreign.out().lines().map(String::strip).toList().contains("arm64")) {
            BerthdProcess.Result add = BerthdProcess.run(Duration.ofSeconds(20), "dpkg", "--add-architecture", "arm64");
            if (add.exitCode() != 0) {
                throw new IOException("dpkg --add-architecture arm64: " + add);
            }
            update();
        }
        Path dl = Files.createDirectories(work.resolve("dl"));
        // apt drops to _apt for downloads; a root-only temp dir is written as root (with a warning).
        BerthdProcess.Result got = downloadInto(dl);
        if (got.exitCode() != 0) {
            update(); // stale lists: the version they name may be gone from the mirror
            got = downloadInto(dl);
        }
        if (got.exitCode() != 0) {
            throw new IOException("apt-get download busybox-static:arm64: " + got);
        }
        return cachedDeb(dl).orElseThrow(() -> new IOException("apt-get download left no .deb in " + dl));
    }

    private static BerthdProcess.Result downloadInto(Path dir) {
        return BerthdProcess.run(APT, "sh", "-c", "cd '" + dir + "' && apt-get download -q busybox-static:arm64");
    }

    private static void update() throws IOException {
        BerthdProcess.Result u = BerthdProcess.run(APT, "apt-get", "update", "-qq");
        if (u.exitCode() != 0) {
            throw new IOException("apt-get update: " + u);
        }
    }

    static boolean isAarch64Elf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] h = in.readNBytes(20);
            return h.length == 20 && h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F'
                    && (h[18] & 0xff) == 183 && h[19] == 0 && h[5] == 1;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
