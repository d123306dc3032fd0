package dev.berth.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@code /etc/berth/daemon.json} (dockerd's key names) and merges it with the command line. */
final class DaemonConfigFile {
    private static final Set<String> KNOWN = Set.of("hosts", "data-root", "exec-root", "pidfile", "log-level",
            "debug", "default-runtime", "max-concurrent-downloads", "max-concurrent-uploads", "insecure-registries",
            "registry-mirrors", "bridge", "bip", "default-address-pools", "live-restore", "storage-driver",
            "dns", "dns-search", "dns-opts", "labels", "experimental", "cgroup-parent", "iptables", "ip-forward",
            "userland-proxy", "log-driver", "log-opts", "features", "builder", "host-gateway-ips", "host-gateway-ip",
            "binfmt-misc-dir"); // Berth's own: where the runc driver looks for emulators (tests point it elsewhere)

    static Map<String, Object> read(Path file, boolean explicit) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = new ObjectMapper().readValue(bytes, LinkedHashMap.class);
            var unknown = new TreeSet<>(map.keySet());
            unknown.removeAll(KNOWN);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("the following directives don't match any configuration option: "
                        + String.join(", ", unknown));
            }
            return map;
        } catch (NoSuchFileException e) {
            if (explicit) {
                throw new IllegalArgumentException("unable to configure the Docker daemon with file " + file
                        + ": open " + file + ": no such file or directory");
            }
            return Map.of();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unable to configure the Docker daemon with file " + file + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("unable to read " + file + ": " + e.getMessage());
        }
    }

    /** dockerd refuses a directive given both as a flag and in the file. */
    static void checkConflicts(Map<String, Object> file, Map<String, Object> flags) {
        var both = new TreeSet<String>();
        for (String k : flags.keySet()) {
            if (file.containsKey(k)) {
                both.add(k + ": (from flag: " + flags.get(k) + ", from file: " + file.get(k) + ")");
            }
        }
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("the following directives are specified both as a flag and in the "
                    + "configuration file: " + String.join(", ", both));
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object value) {
        if (value instanceof List<?> l) {
            return (List<String>) l;
        }
        return value == null ? List.of() : List.of(value.toString());
    }

    private DaemonConfigFile() {}
}
