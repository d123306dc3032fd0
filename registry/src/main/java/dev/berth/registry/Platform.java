package dev.berth.registry;

import dev.berth.image.Platforms;
import dev.berth.spi.EngineException;
import java.util.Locale;
import java.util.Objects;

/**
 * An OS/architecture/variant triple, normalised as containerd's {@code platforms.Normalize} does:
 * {@code aarch64} is {@code arm64}, arm64's variant defaults to {@code v8}, arm's to {@code v7}.
 *
 * @param variant null when the platform has none (amd64, 386, …)
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        os = os.toLowerCase(Locale.ROOT);
        architecture = architecture.toLowerCase(Locale.ROOT);
        variant = variant == null || variant.isEmpty() ? null : variant.toLowerCase(Locale.ROOT);
    }

    /** The platform the engine runs on. */
    public static Platform host() {
        return new Platform(Platforms.hostOs(), Platforms.hostArchitecture(), null).normalize();
    }

    /**
     * Parses a {@code --platform} value: {@code os/arch[/variant]}, or a lone os or architecture
     * ({@code arm64} is {@code linux/arm64}). Null or blank means the host.
     */
    public static Platform parse(String text) {
        if (text == null || text.isBlank()) {
            return host();
        }
        String[] parts = text.trim().split("/", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                throw invalid(text);
            }
        }
        Platform p = switch (parts.length) {
            case 1 -> isOs(parts[0])
                    ? new Platform(parts[0], Platforms.hostArchitecture(), null)
                    : new Platform(Platforms.hostOs(), parts[0], null);
            case 2 -> new Platform(parts[0], parts[1], null);
            case 3 -> new Platform(parts[0], parts[1], parts[2]);
            default -> throw invalid(text);
        };
        return p.normalize();
    }

    private static EngineException invalid(String text) {
        return EngineException.invalid("invalid platform specifier \"" + text + "\": expected os/arch[/variant]");
    }

    private static boolean isOs(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos", "aix", "android" -> true;
            default -> false;
        };
    }

    /** containerd's normalisation of architecture names and default variants. */
    public Platform normalize() {
        String arch = architecture;
        String v = variant;
        switch (arch) {
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if ("v1".equals(v)) {
                    v = null;
                }
            }
            case "i386" -> arch = "386";
            case "aarch64", "arm64" -> {
                arch = "arm64";
                if (v == null || v.equals("8") || v.equals("v8")) {
                    v = "v8";
                }
            }
            case "armhf" -> {
                arch = "arm";
                v = "v7";
            }
            case "armel" -> {
                arch = "arm";
                v = "v6";
            }
            case "arm" -> {
                if (v == null) {
                    v = "v7";
                } else if (v.matches("[5-8]")) {
                    v = "v" + v;
                }
            }
            default -> { }
        }
        return new Platform(os, arch, v);
    }

    /**
     * Whether an image of platform {@code candidate} runs on this (wanted) platform: same os and
     * architecture; for arm, an older variant runs on a newer one.
     */
    public boolean accepts(Platform candidate) {
        Platform want = normalize();
        Platform have = candidate.normalize();
        if (!want.os.equals(have.os) || !want.architecture.equals(have.architecture)) {
            return false;
        }
        if (Objects.equals(want.variant, have.variant) || want.variant == null) {
            return true;
        }
        if (want.architecture.equals("arm") && have.variant != null) {
            return armLevel(have.variant) <= armLevel(want.variant);
        }
        return false;
    }

    /** Lower is a better match; {@link Integer#MAX_VALUE} when not accepted. */
    int rank(Platform candidate) {
        if (!accepts(candidate)) {
            return Integer.MAX_VALUE;
        }
        Platform want = normalize();
        Platform have = candidate.normalize();
        if (Objects.equals(want.variant, have.variant)) {
            return 0;
        }
        if (want.architecture.equals("arm") && want.variant != null && have.variant != null) {
            return armLevel(want.variant) - armLevel(have.variant);
        }
        return 1;
    }

    private static int armLevel(String variant) {
        try {
            return Integer.parseInt(variant.startsWith("v") ? variant.substring(1) : variant);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * As containerd's {@code platforms.FormatAll} prints it after its own normalisation, which drops
     * arm64's default variant: {@code linux/arm64}, {@code linux/arm/v7}, {@code linux/amd64}.
     */
    public String display() {
        Platform p = normalize();
        boolean defaultVariant = p.architecture.equals("arm64") && "v8".equals(p.variant);
        return p.os + "/" + p.architecture + (p.variant == null || defaultVariant ? "" : "/" + p.variant);
    }

    /** {@code linux/arm64/v8}, as Docker prints a platform. */
    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
