package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code linux.resources.blockIO}: the weight, and each device limit with the numbers of the host device
 * it names, read with stat (a symlink such as {@code /dev/disk/by-id/…} followed) as dockerd does at start.
 */
final class OciBlockIo {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OciBlockIo() {}

    static ObjectNode build(ContainerSpec.Blkio b) {
        ObjectNode out = F.objectNode();
        if (b.weight() != 0) {
            out.put("weight", b.weight());
        }
        devices(out, "weightDevice", "weight", b.weightDevices());
        devices(out, "throttleReadBpsDevice", "rate", b.readBps());
        devices(out, "throttleWriteBpsDevice", "rate", b.writeBps());
        devices(out, "throttleReadIOPSDevice", "rate", b.readIOps());
        devices(out, "throttleWriteIOPSDevice", "rate", b.writeIOps());
        return out;
    }

    private static void devices(ObjectNode out, String field, String valueName, List<ContainerSpec.DeviceLimit> limits) {
        if (limits.isEmpty()) {
            return;
        }
        ArrayNode a = out.putArray(field);
        for (ContainerSpec.DeviceLimit l : limits) {
            long rdev = rdev(l.path());
            a.addObject().put("major", DeviceNodes.major(rdev)).put("minor", DeviceNodes.minor(rdev))
                    .put(valueName, l.value());
        }
    }

    /** dockerd's stat of the path, and its error's words. */
    private static long rdev(String path) {
        try {
            return (Long) Files.getAttribute(Path.of(path), "unix:rdev");
        } catch (NoSuchFileException e) {
            throw EngineException.invalid("stat " + path + ": no such file or directory");
        } catch (IOException e) {
            throw EngineException.invalid("stat " + path + ": " + e.getMessage());
        }
    }
}
