package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Docker's {@code --init}: a static init (Debian's {@code tini-static}, what dockerd ships as
 * {@code docker-init}) bound read-only at {@link #PATH} and run as pid 1 with the container's argv
 * after {@code --}, so it reaps zombies and forwards signals, and exits with the child's status.
 *
 * @param binary    the init on the host; it must be static, as the image may have no libc
 * @param byDefault daemon.json {@code init}: what a container that does not say gets
 */
record DockerInit(Path binary, boolean byDefault) {

    /** Where dockerd puts its init inside the container. */
    static final String PATH = "/sbin/docker-init";

    static final Path TINI_STATIC = Path.of("/usr/bin/tini-static");

    static final DockerInit OFF = new DockerInit(TINI_STATIC, false);

    /** @param requested the container's {@code Init}, null for the daemon's choice */
    boolean wanted(Boolean requested) {
        boolean wanted = requested == null ? byDefault : requested;
        if (wanted && !Files.isExecutable(binary)) {
            // checked at each start: the package can go away under a container made while it was there
            throw EngineException.unavailable("init binary " + binary + " not found: install Debian's tini package",
                    null);
        }
        return wanted;
    }

    ObjectNode mount() {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("destination", PATH);
        m.put("type", "bind");
        m.put("source", binary.toString());
        m.putArray("options").add("bind").add("ro");
        return m;
    }
}
