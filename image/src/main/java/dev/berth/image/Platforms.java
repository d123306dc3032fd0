package dev.berth.image;

import java.util.Locale;

/** Go's GOARCH/GOOS names for the host, which image configs use. */
public final class Platforms {
    private Platforms() {}

    public static String hostArchitecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "arm" -> "arm";
            default -> arch; // ppc64le, s390x, riscv64 are spelled the same
        };
    }

    public static String hostOs() {
        return "linux";
    }
}
