package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a container's cgroup is, relative to each hierarchy's root: under its own {@code --cgroup-parent}
 * when it has one (as its config.json told runc), else under the daemon's parent.
 */
final class CgroupPaths {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String parent;
    private final Function<String, Path> bundleDir;

    /** @param bundleDir where a container's config.json is; null: every container under {@code parent} */
    CgroupPaths(String parent, Function<String, Path> bundleDir) {
        this.parent = parent.replaceAll("^/+", "");
        this.bundleDir = bundleDir;
    }

    /** Every container under {@code parent}. */
    static CgroupPaths under(String parent) {
        return new CgroupPaths(parent, null);
    }

    /** The cgroup of {@code id}, without a leading slash. */
    String relative(String id) {
        if (bundleDir != null) {
            Path config = bundleDir.apply(id).resolve("config.json");
            if (Files.isRegularFile(config)) {
                try {
                    JsonNode path = JSON.readTree(config.toFile()).path("linux").path("cgroupsPath");
                    if (path.isTextual() && !path.asText().isEmpty()) {
                        return path.asText().replaceAll("^/+", "");
                    }
                } catch (IOException e) {
                    // a config being rewritten by a start: the default place is the best guess
                }
            }
        }
        return parent.isEmpty() ? id : parent + "/" + id;
    }
}
