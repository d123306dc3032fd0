package dev.berth.driver.dockerplugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a plugin's address by name in the discovery directories, as dockerd's local registry does:
 * in each directory, in order, {@code NAME.sock} (or {@code NAME/NAME.sock}), then {@code NAME.spec}
 * (a URL) and {@code NAME.json} ({@code {"Name", "Addr", "TLSConfig"}}, see {@link PluginTls}), each also
 * under {@code NAME/}.
 */
final class PluginLocator {
    /** Docker's places: sockets under /run, specs under /etc and /usr/lib. */
    static final List<Path> DEFAULT_DIRS = List.of(Path.of("/run/docker/plugins"), Path.of("/etc/docker/plugins"),
            Path.of("/usr/lib/docker/plugins"));
    /** A name must stay a file name: no path separators, no {@code ..}. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.:-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> dirs;

    PluginLocator(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    List<Path> dirs() {
        return dirs;
    }

    /**
     * The plugin's address, or empty when no directory has it.
     *
     * @throws IllegalArgumentException for a spec that is there but unusable (malformed, or TLS files that cannot be read)
     */
    Optional<PluginAddress> find(String name) {
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        for (Path dir : dirs) {
            for (Path base : List.of(dir, dir.resolve(name))) {
                Path sock = base.resolve(name + ".sock");
                if (Files.exists(sock) && !Files.isDirectory(sock)) {
                    return Optional.of(PluginAddress.unix(sock));
                }
            }
        }
        for (Path dir : dirs) {
            for (Path base : List.of(dir, dir.resolve(name))) {
                Path spec = base.resolve(name + ".spec");
                if (Files.isRegularFile(spec)) {
                    return Optional.of(PluginAddress.parse(read(spec)));
                }
                Path json = base.resolve(name + ".json");
                if (Files.isRegularFile(json)) {
                    return Optional.of(fromJson(json));
                }
            }
        }
        return Optional.empty();
    }

    private static PluginAddress fromJson(Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(read(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed plugin spec " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (n == null || !n.hasNonNull("Addr")) {
            throw new IllegalArgumentException("malformed plugin spec " + file + ": no Addr");
        }
        PluginAddress address = PluginAddress.parse(n.get("Addr").asText());
        JsonNode tls = n.get("TLSConfig");
        if (tls == null || tls.isNull() || (tls.isObject() && tls.isEmpty())) {
            return address;
        }
        if (!tls.isObject()) {
            throw new IllegalArgumentException("malformed plugin spec " + file + ": TLSConfig is not an object");
        }
        return address.withTls(PluginTls.from(tls, file));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read plugin spec " + file + ": " + e.getMessage());
        }
    }
}
