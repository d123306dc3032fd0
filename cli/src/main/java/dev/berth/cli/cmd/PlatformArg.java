package dev.berth.cli.cmd;

import java.util.Locale;

/**
 * A {@code --platform os[/arch[/variant]]} as the API's JSON-encoded OCI platform (what image inspect,
 * history, push, save and load take), as the docker CLI sends it: a lone part is an os if it names one, else an
 * architecture of this host's os; the daemon normalises names and variants.
 */
final class PlatformArg {
    private PlatformArg() {}

    /** {@link #json}, or null when no platform was given. */
    static String jsonOrNull(String spec) {
        return spec == null || spec.isEmpty() ? null : json(spec);
    }

    static String json(String spec) {
        String[] parts = spec.trim().split("/", -1);
        String os;
        String arch;
        String variant = "";
        switch (parts.length) {
            case 1 -> {
                boolean isOs = switch (parts[0].toLowerCase(Locale.ROOT)) {
                    case "linux", "windows", "darwin", "freebsd" -> true;
                    default -> false;
                };
                os = isOs ? parts[0] : "linux";
                arch = isOs ? hostArchitecture() : parts[0];
            }
            case 2 -> {
                os = parts[0];
                arch = parts[1];
            }
            case 3 -> {
                os = parts[0];
                arch = parts[1];
                variant = parts[2];
            }
            default -> throw new UsageException("invalid platform \"" + spec + "\": expected os[/arch[/variant]]");
        }
        for (String p : parts) {
            if (p.isEmpty()) throw new UsageException("invalid platform \"" + spec + "\": expected os[/arch[/variant]]");
        }
        StringBuilder json = new StringBuilder("{\"architecture\":\"").append(escape(arch))
                .append("\",\"os\":\"").append(escape(os)).append('"');
        if (!variant.isEmpty()) json.append(",\"variant\":\"").append(escape(variant)).append('"');
        return json.append('}').toString();
    }

    private static String hostArchitecture() {
        String a = System.getProperty("os.arch", "amd64");
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> a;
        };
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
